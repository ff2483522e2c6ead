package dev.distillery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.distillery.cli.DistilleryCommand.Result;
import dev.distillery.contract.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped (SIGTERM) after the teacher's first checkpoint resumes from it when rerun. */
class ResumeAfterInterruptIT {
    @TempDir Path dir;

    @Test
    void anInterruptedRunResumesFromTheLastEpochCheckpoint() throws Exception {
        Path spec = dir.resolve("resumable.yaml");
        try (InputStream in = getClass().getResourceAsStream("/resumable.yaml")) {
            Files.copy(in, spec);
        }
        Path runDir = dir.resolve("run");
        Path err = dir.resolve("first.err");
        Process first =
                new ProcessBuilder(
                                List.of(
                                        ProcessHandle.current().info().command().orElseThrow(),
                                        "-cp",
                                        System.getProperty("java.class.path"),
                                        Distillery.class.getName(),
                                        "run",
                                        "-f",
                                        spec.toString(),
                                        "--run-dir",
                                        runDir.toString()))
                        .directory(dir.toFile())
                        .redirectOutput(dir.resolve("first.out").toFile())
                        .redirectError(err.toFile())
                        .start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        // Wait for the teacher's first complete checkpoint (its manifest is written last), then
        // SIGTERM at once, as a kill or a closed terminal sends: 11 epochs are still to go.
        while (!hasCheckpoint(runDir)) {
            assertThat(first.isAlive()).as("still running: " + Files.readString(err)).isTrue();
            assertThat(System.nanoTime()).as("first checkpoint in time").isLessThan(deadline);
            Thread.sleep(20);
        }
        first.destroy();
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(err)).contains("interrupted: finished steps are kept");
        assertThat(Files.readString(runDir.resolve("run.json"))).contains("\"interrupted\"");
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count())
                .as("no step process left behind")
                .isZero();

        Result resumed =
                DistilleryCommand.run(
                        dir, "run", "-f", spec.toString(), "--run-dir", runDir.toString());

        assertThat(resumed.exitCode()).as(resumed.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(resumed.stderr())
                .contains("resuming the interrupted run")
                .contains("teacher-0: done")
                .contains("(resumed from its checkpoint)")
                .doesNotContain("teacher-0: epoch 1/12 done");
        JsonNode status =
                new YAMLMapper()
                        .readTree(runDir.resolve("distillation.yaml").toFile())
                        .path("status");
        assertThat(status.path("phase").asText()).isEqualTo("Succeeded");
        assertThat(status.path("teacher").path("artifact").asText()).startsWith("file://");
    }

    private static boolean hasCheckpoint(Path runDir) throws IOException {
        Path teachers = runDir.resolve("artifacts/teacher");
        if (!Files.isDirectory(teachers)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(teachers)) {
            return files.anyMatch(
                    f ->
                            f.getFileName().toString().equals("manifest.json")
                                    && f.toString().contains("/checkpoint/"));
        } catch (UncheckedIOException e) {
            // A checkpoint being published renames its temporary files under the walk: look again.
            if (e.getCause() instanceof NoSuchFileException) {
                return false;
            }
            throw e;
        }
    }
}
