package dev.distillery.steps.artifacts;

import dev.distillery.contract.ArtifactFiles;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.imported.TeacherContract;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ArtifactStores;
import dev.distillery.store.StorageUri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A step's view of storage: opens the {@link ArtifactStore} of each URI's scheme, and keeps a local
 * scratch folder for downloads and for artifacts being assembled, removed when the step ends.
 */
public final class StepStorage implements AutoCloseable {
    private final Map<String, ArtifactStore> stores = new HashMap<>();
    private final Map<String, String> env;
    private final Path scratch;

    /** Storage with a fresh scratch folder, S3 settings from this process's environment. */
    public StepStorage() {
        this(System.getenv());
    }

    /** Storage with a fresh scratch folder, S3 settings from {@code env} (AWS_* variables). */
    public StepStorage(Map<String, String> env) {
        this.env = Map.copyOf(env);
        try {
            scratch = Files.createTempDirectory("distillery-step");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch folder", e);
        }
    }

    /** The canonical form of {@code uri}; a malformed URI is bad input naming it. */
    public static String canonical(String uri) {
        return StorageUri.parse(uri).toString();
    }

    /** The location {@code name} below {@code uri}. */
    public static String child(String uri, String name) {
        return StorageUri.parse(uri).child(name).toString();
    }

    /** Whether a complete artifact sits at {@code uri}. */
    public boolean isComplete(String uri) {
        return store(uri).isComplete(uri);
    }

    /** A local folder with the verified files of the complete artifact at {@code uri}. */
    public Path fetch(String uri) {
        return store(uri).fetch(uri, newFolder("fetch"));
    }

    /**
     * A local folder with a teacher: a complete artifact (a model trained here), or, without a
     * manifest, the files of a teacher trained elsewhere that carry its {@code teacher.json}.
     */
    public Path fetchTeacher(String uri) {
        if (isComplete(uri)) {
            return fetch(uri);
        }
        Path files = fetchFiles(uri);
        if (!Files.isRegularFile(files.resolve(TeacherContract.FILE))) {
            throw DistilleryException.badInput(
                    uri
                            + " is neither a model trained by Distillery (a complete artifact with "
                            + ArtifactFiles.MANIFEST
                            + ") nor an imported teacher (a folder with "
                            + TeacherContract.FILE
                            + ")");
        }
        return files;
    }

    /** A local folder with every file below {@code uri}, no manifest needed (user data). */
    public Path fetchFiles(String uri) {
        return store(uri).fetchFiles(uri, newFolder("files"));
    }

    /** Publishes the files of {@code folder} as the artifact at {@code uri}, manifest last. */
    public void publish(Path folder, String uri) {
        store(uri).publish(folder, uri);
    }

    /** A new empty folder inside the scratch folder. */
    public Path newFolder(String prefix) {
        try {
            return Files.createTempDirectory(scratch, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder in " + scratch, e);
        }
    }

    private ArtifactStore store(String uri) {
        String scheme = StorageUri.parse(uri).scheme();
        return stores.computeIfAbsent(scheme, s -> ArtifactStores.open(uri, env));
    }

    @Override
    public void close() {
        stores.values().forEach(ArtifactStore::close);
        try (Stream<Path> walk = Files.walk(scratch)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw DistilleryException.transientFailure("cannot clean up " + scratch, e);
        }
    }
}
