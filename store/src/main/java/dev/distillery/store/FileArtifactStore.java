package dev.distillery.store;

import dev.distillery.contract.ArtifactFiles;
import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Artifacts in local folders ({@code file:///abs/path} or a plain path): files are copied and
 * synced first, then the manifest is written to a temporary name and renamed into place, so a
 * reader sees either no manifest or one that describes files already on disk.
 */
public final class FileArtifactStore implements ArtifactStore {

    @Override
    public Manifest publish(Path localDir, String uri) {
        Path target = folderOf(uri);
        Path source = localDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(source)) {
            throw DistilleryException.badInput(
                    "cannot publish " + uri + ": " + source + " is not a folder");
        }
        if (!target.equals(source) && target.startsWith(source)) {
            throw DistilleryException.badInput(
                    "cannot publish " + source + " into its own subfolder " + uri);
        }
        try {
            Files.createDirectories(target);
            Files.deleteIfExists(target.resolve(ArtifactFiles.MANIFEST));
            syncFolder(target);
            Manifest manifest = Manifest.of(source);
            if (!target.equals(source)) {
                for (ManifestEntry entry : manifest.files()) {
                    copySynced(source.resolve(entry.path()), target.resolve(entry.path()));
                }
                manifest.verify(target, uri);
            }
            writeManifest(target, manifest);
            return manifest;
        } catch (IOException e) {
            throw failure("cannot publish " + source + " to " + uri, e);
        }
    }

    @Override
    public boolean isComplete(String uri) {
        return Files.isRegularFile(folderOf(uri).resolve(ArtifactFiles.MANIFEST));
    }

    @Override
    public Optional<Manifest> manifest(String uri) {
        Path file = folderOf(uri).resolve(ArtifactFiles.MANIFEST);
        try {
            return Optional.of(Manifest.fromJson(Files.readAllBytes(file), uri));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("cannot read " + file, e);
        }
    }

    @Override
    public Path fetch(String uri, Path scratch) {
        Path folder = folderOf(uri);
        Manifest manifest = completeManifest(uri);
        manifest.verify(folder, uri);
        return folder;
    }

    @Override
    public Path fetchFiles(String uri, Path scratch) {
        Path folder = folderOf(uri);
        if (!Files.isDirectory(folder)) {
            throw DistilleryException.badInput("no folder at " + uri);
        }
        return folder;
    }

    @Override
    public void writeObject(String uri, byte[] content) {
        Path file = folderOf(uri);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(file.getParent());
            Files.write(temporary, content, StandardOpenOption.CREATE_NEW);
            Files.move(
                    temporary,
                    file,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw failure("cannot write " + uri, e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // a leftover temporary file is harmless
            }
        }
    }

    @Override
    public Optional<byte[]> readObject(String uri) {
        Path file = folderOf(uri);
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readAllBytes(file))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("cannot read " + uri, e);
        }
    }

    @Override
    public void deleteObject(String uri) {
        try {
            Files.deleteIfExists(folderOf(uri));
        } catch (IOException e) {
            throw failure("cannot delete " + uri, e);
        }
    }

    @Override
    public void delete(String uri) {
        Path folder = folderOf(uri);
        if (folder.getParent() == null) {
            throw DistilleryException.badInput("refusing to delete the file system root " + uri);
        }
        try {
            Files.deleteIfExists(folder.resolve(ArtifactFiles.MANIFEST));
            if (!Files.exists(folder)) {
                return;
            }
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw failure("cannot delete " + uri, e);
        }
    }

    @Override
    public void close() {}

    private static Path folderOf(String uri) {
        StorageUri parsed = StorageUri.parse(uri);
        if (!parsed.isFile()) {
            throw DistilleryException.badInput(uri + " is not a local folder URI");
        }
        return parsed.localPath();
    }

    private static void copySynced(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel channel = FileChannel.open(to, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Writes the manifest under a temporary name, syncs it and renames it into place. */
    private static void writeManifest(Path folder, Manifest manifest) throws IOException {
        // Sync every folder holding a file first, so the files' names are durable before the
        // manifest that lists them.
        for (Path sub :
                manifest.files().stream()
                        .map(e -> folder.resolve(e.path()).getParent())
                        .distinct()
                        .toList()) {
            syncFolder(sub);
        }
        Path temporary = folder.resolve(ArtifactFiles.MANIFEST + ".tmp-" + UUID.randomUUID());
        try {
            Files.write(temporary, manifest.toJson(), StandardOpenOption.CREATE_NEW);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(
                        temporary,
                        folder.resolve(ArtifactFiles.MANIFEST),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(folder + " does not support atomic renames", e);
            }
            syncFolder(folder);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Makes a folder's entries durable; a file system that cannot sync folders is left be. */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems (and every non-POSIX one) refuse to open or sync a folder; the
            // rename is still atomic there, only its durability across a power cut is not.
        }
    }

    private static DistilleryException failure(String message, IOException e) {
        return new DistilleryException(ExitCodes.FAILURE, message + ": " + e, e);
    }
}
