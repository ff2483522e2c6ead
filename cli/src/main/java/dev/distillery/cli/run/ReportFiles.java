package dev.distillery.cli.run;

import dev.distillery.contract.ArtifactFiles;
import dev.distillery.steps.artifacts.StepStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies the report artifact's page and charts ({@code report.html}, {@code pareto.png}, ...) into
 * the run folder, so the report opens from there with its images beside it.
 */
public final class ReportFiles {

    private ReportFiles() {}

    /** Copies the files of the complete report artifact at {@code uri}; returns their names. */
    public static List<String> copy(String uri, Path runFolder) {
        List<String> copied = new ArrayList<>();
        try (StepStorage storage = new StepStorage();
                Stream<Path> files = Files.list(storage.fetch(StepStorage.canonical(uri)))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".html") || name.endsWith(".png")) {
                    Path temporary = runFolder.resolve("." + name + ".tmp");
                    Files.copy(file, temporary, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(
                            temporary,
                            runFolder.resolve(name),
                            StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                    copied.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the report into " + runFolder, e);
        }
        copied.remove(ArtifactFiles.METRICS);
        return copied;
    }
}
