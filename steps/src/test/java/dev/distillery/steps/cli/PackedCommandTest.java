package dev.distillery.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.contract.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillery-step packed}'s command line: each {@code --student} starts a student with its
 * own options, and a pack that cannot be trained is refused before anything is read.
 */
class PackedCommandTest {
    @TempDir Path dir;

    @Test
    void aStudentGivenTwiceIsBadInputNamingIt() {
        StringWriter err = new StringWriter();
        int exit =
                DistilleryStep.commandLine()
                        .setErr(new PrintWriter(err))
                        .execute(
                                "packed",
                                "--output",
                                dir.toUri().toString(),
                                "--student",
                                "small",
                                "--model",
                                "mlp:8",
                                "--temperature",
                                "2",
                                "--student",
                                "small",
                                "--model",
                                "mlp:4");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--student small is given twice");
    }

    @Test
    void aStudentWithoutAModelIsAUsageError() {
        StringWriter err = new StringWriter();
        int exit =
                DistilleryStep.commandLine()
                        .setErr(new PrintWriter(err))
                        .execute(
                                "packed",
                                "--output",
                                dir.toUri().toString(),
                                "--student",
                                "small",
                                "--model",
                                "mlp:8",
                                "--student",
                                "tiny");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--model");
    }

    @Test
    void aMalformedModelIsBadInputNamingIt() {
        StringWriter err = new StringWriter();
        int exit =
                DistilleryStep.commandLine()
                        .setErr(new PrintWriter(err))
                        .execute(
                                "packed",
                                "--output",
                                dir.toUri().toString(),
                                "--student",
                                "small",
                                "--model",
                                "transformer:12");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("transformer:12");
    }
}
