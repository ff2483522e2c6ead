package dev.distillery.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.contract.StepSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a {@code train} process once its first checkpoint is complete, reruns it with the same
 * output, and checks that it continued from that checkpoint and finished every epoch.
 */
class ResumeIT {
    private static final int EPOCHS = 3;

    @TempDir Path dir;

    @Test
    void killedTrainingResumesFromItsLastCheckpoint() throws Exception {
        Path output = dir.resolve("teacher");
        Process first = start(output, dir.resolve("first.log"));
        try {
            waitForCheckpoint(output, first);
        } finally {
            first.destroyForcibly().waitFor();
        }
        assertThat(output.resolve("manifest.json")).doesNotExist();

        Process second = start(output, dir.resolve("second.log"));
        if (!second.waitFor(5, TimeUnit.MINUTES)) {
            second.destroyForcibly().waitFor();
            throw new AssertionError("the resumed train ran over 5 minutes");
        }
        assertThat(second.exitValue()).as(Files.readString(dir.resolve("second.log"))).isZero();
        String log = Files.readString(dir.resolve("second.log"));
        assertThat(log).containsPattern("resuming after epoch [12] from the checkpoint");
        StepSummary summary =
                StepSummary.fromJson(Files.readString(dir.resolve("termination.log")).trim());
        assertThat(summary.resumed()).isTrue();
        assertThat(summary.epochs()).isEqualTo(EPOCHS);
        JsonNode metrics = new ObjectMapper().readTree(output.resolve("metrics.json").toFile());
        int resumedFrom = metrics.get("resumedFromEpoch").asInt();
        assertThat(resumedFrom).isBetween(1, EPOCHS - 1);
        assertThat(log).contains("resuming after epoch " + resumedFrom);
        assertThat(log).doesNotContain("epoch " + resumedFrom + ": loss");
        assertThat(log).contains("epoch " + EPOCHS + ": loss");
        List<Integer> epochs = new ArrayList<>();
        metrics.get("history").forEach(e -> epochs.add(e.get("epoch").asInt()));
        assertThat(epochs).containsExactly(1, 2, 3);
        assertThat(summary.accuracy()).isGreaterThan(0.6);
    }

    private Process start(Path output, Path log) throws IOException {
        List<String> command =
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx2g",
                        // A killed step cannot clean its scratch folder: keep it in the test's.
                        "-Djava.io.tmpdir=" + dir,
                        "-Dai.djl.offline=true",
                        "-cp",
                        System.getProperty("java.class.path"),
                        DistilleryStep.class.getName(),
                        "train",
                        "--model",
                        "mlp:256",
                        "--limit",
                        "5000",
                        "--epochs",
                        Integer.toString(EPOCHS),
                        "--output",
                        output.toString(),
                        "--termination-log",
                        dir.resolve("termination.log").toString());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void waitForCheckpoint(Path output, Process process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            for (String slot : new String[] {"slot-0", "slot-1"}) {
                if (Files.exists(
                        output.resolve("checkpoint").resolve(slot).resolve("manifest.json"))) {
                    return;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("train ended before its first checkpoint");
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no checkpoint after 2 minutes");
    }
}
