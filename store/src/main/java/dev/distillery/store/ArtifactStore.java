package dev.distillery.store;

import dev.distillery.contract.ArtifactFiles;
import dev.distillery.contract.DistilleryException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where step artifacts live: a {@code file://} folder on one machine, or an {@code
 * s3://bucket/prefix} in object storage. An artifact is a folder of files plus a {@code
 * manifest.json} with the size and sha256 of each, written last: a reader that finds no manifest,
 * or a file that does not match it, treats the artifact as absent or corrupt, never as complete.
 *
 * <p>Implementations throw {@link dev.distillery.contract.DistilleryException}: bad input (a
 * malformed URI, a checksum mismatch) or transient (storage unreachable after bounded retries).
 */
public interface ArtifactStore extends AutoCloseable {

    /**
     * Writes every file below {@code localDir} to the artifact at {@code uri}, then its manifest.
     * An earlier manifest at {@code uri} is removed first, so a reader never sees a manifest that
     * describes files being replaced.
     */
    Manifest publish(Path localDir, String uri);

    /** Whether a complete artifact (its manifest present) sits at {@code uri}. */
    boolean isComplete(String uri);

    /** The manifest of the artifact at {@code uri}, if it is complete. */
    Optional<Manifest> manifest(String uri);

    /**
     * The manifest of the complete artifact at {@code uri}; bad input naming the URI when there is
     * none (the artifact is absent or still being written).
     */
    default Manifest completeManifest(String uri) {
        return manifest(uri)
                .orElseThrow(
                        () ->
                                DistilleryException.badInput(
                                        "no complete artifact at "
                                                + uri
                                                + ": it has no "
                                                + ArtifactFiles.MANIFEST));
    }

    /**
     * A local folder holding the verified files of the complete artifact at {@code uri}: the folder
     * itself for {@code file://}, a download below {@code scratch} otherwise. Fails as bad input if
     * the artifact is incomplete or a file does not match its manifest.
     */
    Path fetch(String uri, Path scratch);

    /**
     * A local folder holding every file below {@code uri}, with no manifest required: for inputs
     * that users put in storage themselves, such as a dataset.
     */
    Path fetchFiles(String uri, Path scratch);

    /**
     * Writes {@code content} as the one object (a file, locally) at {@code uri}, replacing it: for
     * what lives beside artifacts without being one, such as a step's log. No manifest is involved.
     */
    void writeObject(String uri, byte[] content);

    /** The content of the one object at {@code uri}, or empty when there is none. */
    Optional<byte[]> readObject(String uri);

    /** Removes the one object at {@code uri}, if it exists. */
    void deleteObject(String uri);

    /** Removes the artifact at {@code uri} (manifest first), if it exists. */
    void delete(String uri);

    @Override
    void close();
}
