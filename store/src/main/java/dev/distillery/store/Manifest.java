package dev.distillery.store;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.contract.DistilleryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What an artifact holds: the path, size and SHA-256 of every file, and when it was written. Its
 * JSON form is the artifact's {@code manifest.json}, written after every file it lists.
 *
 * @param createdAt when the manifest was made, ISO-8601 in UTC (for example {@code
 *     2026-01-01T12:00:00Z})
 * @param files the artifact's files, sorted by path, the manifest itself excluded
 */
@JsonPropertyOrder({"createdAt", "files"})
public record Manifest(String createdAt, List<ManifestEntry> files) {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Manifest {
        files = List.copyOf(files);
    }

    /**
     * The manifest of every regular file below {@code folder} (recursively, following symbolic
     * links to files), except a {@code manifest.json} at its top.
     */
    public static Manifest of(Path folder) {
        List<ManifestEntry> entries = new ArrayList<>();
        for (Path file : filesBelow(folder)) {
            try {
                entries.add(
                        new ManifestEntry(
                                relativePath(folder, file), Files.size(file), Sha256.of(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new Manifest(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), entries);
    }

    /** The regular files below {@code folder}, sorted by path, without a top-level manifest. */
    static List<Path> filesBelow(Path folder) {
        Path manifest = folder.resolve(ArtifactFiles.MANIFEST);
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> !file.equals(manifest))
                    .sorted(Comparator.comparing(file -> relativePath(folder, file)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** The {@code /}-separated path of {@code file} below {@code folder}. */
    static String relativePath(Path folder, Path file) {
        return folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** The entry for {@code path}, if the manifest lists it. */
    public Optional<ManifestEntry> entry(String path) {
        return files.stream().filter(entry -> entry.path().equals(path)).findFirst();
    }

    /** The total size in bytes of the files listed. */
    public long totalSize() {
        return files.stream().mapToLong(ManifestEntry::size).sum();
    }

    /** This manifest as the JSON of a {@code manifest.json}. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a manifest", e);
        }
    }

    /**
     * Reads the {@code manifest.json} of the artifact at {@code artifact}; anything that is not a
     * manifest (bad JSON, a missing field, a path escaping the artifact) is bad input naming it.
     */
    public static Manifest fromJson(byte[] json, String artifact) {
        Manifest manifest;
        try {
            manifest = JSON.readValue(json, Manifest.class);
        } catch (IOException e) {
            throw invalid(artifact, "it is not manifest JSON (" + e.getMessage() + ")", e);
        }
        if (manifest == null || manifest.files() == null || manifest.createdAt() == null) {
            throw invalid(artifact, "it lacks 'createdAt' or 'files'", null);
        }
        for (ManifestEntry entry : manifest.files()) {
            checkEntry(entry, artifact);
        }
        return manifest;
    }

    private static void checkEntry(ManifestEntry entry, String artifact) {
        if (entry == null || entry.path() == null || entry.sha256() == null) {
            throw invalid(artifact, "an entry lacks 'path' or 'sha256'", null);
        }
        String path = entry.path();
        boolean escapes =
                path.isEmpty()
                        || path.startsWith("/")
                        || path.contains("\\")
                        || Stream.of(path.split("/", -1))
                                .anyMatch(s -> s.isEmpty() || ".".equals(s) || "..".equals(s));
        if (escapes || ArtifactFiles.MANIFEST.equals(path)) {
            throw invalid(artifact, "entry '" + path + "' is not a plain relative path", null);
        }
        if (entry.size() < 0 || !HEX_SHA256.matcher(entry.sha256()).matches()) {
            throw invalid(artifact, "entry '" + path + "' has a bad size or sha256", null);
        }
    }

    private static DistilleryException invalid(String artifact, String why, Throwable cause) {
        String message = "artifact " + artifact + " has an invalid " + ArtifactFiles.MANIFEST;
        return cause == null
                ? DistilleryException.badInput(message + ": " + why)
                : DistilleryException.badInput(message + ": " + why, cause);
    }

    /**
     * Checks that every file this manifest lists is below {@code folder} with its size and SHA-256;
     * a missing or different file is bad input naming {@code artifact} and the file.
     */
    public void verify(Path folder, String artifact) {
        for (ManifestEntry entry : files) {
            Path file = folder.resolve(entry.path());
            try {
                if (!Files.isRegularFile(file)) {
                    throw corrupt(artifact, entry, "is missing");
                }
                long size = Files.size(file);
                if (size != entry.size()) {
                    throw corrupt(
                            artifact,
                            entry,
                            "has " + size + " bytes where its manifest says " + entry.size());
                }
                if (!Sha256.of(file).equals(entry.sha256())) {
                    throw corrupt(artifact, entry, "does not match the sha256 in its manifest");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    static DistilleryException corrupt(String artifact, ManifestEntry entry, String what) {
        return DistilleryException.badInput(
                "artifact " + artifact + " is corrupt: file '" + entry.path() + "' " + what);
    }
}
