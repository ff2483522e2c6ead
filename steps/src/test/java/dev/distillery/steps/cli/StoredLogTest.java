package dev.distillery.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.contract.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A step given {@code --log URI} stores what it printed there, failures and retries included. */
class StoredLogTest {

    @TempDir Path dir;

    private int step(StringWriter err, String... args) {
        CommandLine command =
                DistilleryStep.commandLine()
                        .setOut(new PrintWriter(new StringWriter(), true))
                        .setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void aFailedStepStoresItsFailureLineAndARetryKeepsTheFirstAttemptAboveItsOwn()
            throws Exception {
        Path log = dir.resolve("teacher/k1.log");
        String missing = dir.resolve("no-such-model").toUri().toString();
        StringWriter err = new StringWriter();

        int first = step(err, "evaluate", "--model", missing, "--log", log.toUri().toString());
        String firstLog = Files.readString(log);
        int second = step(err, "evaluate", "--model", missing, "--log", log.toUri().toString());

        assertThat(first).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(second).isEqualTo(ExitCodes.BAD_INPUT);
        // The console still gets the failure line; the stored log has the same line.
        assertThat(err.toString()).contains("distillery-step evaluate: ");
        assertThat(firstLog)
                .startsWith("== ")
                .contains("distillery-step evaluate --model " + missing)
                .containsPattern("distillery-step evaluate: .*no-such-model");
        String both = Files.readString(log);
        assertThat(both).startsWith(firstLog);
        assertThat(both.lines().filter(l -> l.startsWith("== ")).count()).isEqualTo(2);
        assertThat(both.lines().filter(l -> l.startsWith("distillery-step evaluate: ")).count())
                .isEqualTo(2);
        // Nothing is left beside it but the log itself.
        try (var files = Files.list(log.getParent())) {
            assertThat(files).containsExactly(log);
        }
    }

    @Test
    void aTrainStepLogsTooAndGivesStdoutBack() throws Exception {
        Path log = dir.resolve("engine.log");
        StringWriter out = new StringWriter();
        CommandLine command =
                DistilleryStep.commandLine()
                        .setOut(new PrintWriter(out, true))
                        .setErr(new PrintWriter(new StringWriter(), true));
        java.io.PrintStream before = System.out;

        // A train step whose data is missing fails before any training.
        int exit =
                command.execute(
                        "train",
                        "--model",
                        "mlp:8",
                        "--output",
                        dir.resolve("out").toUri().toString(),
                        "--data",
                        dir.resolve("no-data").toUri().toString(),
                        "--log",
                        log.toUri().toString());

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(System.out).isSameAs(before);
        assertThat(Files.readString(log))
                .contains("distillery-step train --model mlp:8")
                .containsPattern("distillery-step train: .*no-data");
    }
}
