package dev.distillery.steps.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Keeps a copy of a checkpoint folder a training run hands its sink, for resume tests. */
final class CheckpointFolders {

    private CheckpointFolders() {}

    /**
     * Copies every file of checkpoint folder {@code from} (and its folders) into {@code to},
     * replacing old ones.
     */
    static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
