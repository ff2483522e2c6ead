package dev.distillery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.contract.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandsTest {
    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void validateSaysWhatTheSpecPlans() throws IOException {
        int exit = run("validate", "-f", copy("tiny.yaml").toString());

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains("valid Distillation tiny (6 steps, 1 student variants, 1 baselines)");
    }

    @Test
    void validateListsEveryProblemWithItsFieldPath() throws IOException {
        int exit = run("validate", "-f", copy("several-mistakes.yaml").toString());

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .contains("(4 problems)")
                .contains("metadata.name: 'Not_A_Name'")
                .contains("spec.teacher.ensemble")
                .contains("spec.students[0].temperature")
                .contains("spec.students[0].alpha");
    }

    @Test
    void planPrintsTheDagWithOutputsInTheRunFolder() throws IOException {
        Path runDir = dir.resolve("somewhere");

        int exit =
                run(
                        "plan",
                        "-f",
                        copy("tiny.yaml").toString(),
                        "--run-dir",
                        runDir.toString(),
                        "--args");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .containsPattern("soft-labels +soft-labels +after: teacher-0, teacher-1")
                .containsPattern("student-small +student +after: soft-labels")
                .contains("output: " + runDir.resolve("artifacts").toUri() + "/teacher/")
                .containsPattern("distillery-step train --output \\S+ --model mlp:16");
        assertThat(runDir).doesNotExist();
    }

    @Test
    void aMissingSpecFileIsBadInputNamingIt() {
        int exit = run("run", "-f", dir.resolve("nope.yaml").toString());

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("nope.yaml: no such file");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhichFlag() throws IOException {
        Path spec = copy("tiny.yaml");

        assertThat(run("run", "-f", spec.toString(), "--parallel", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--parallel must be at least 1");
        assertThat(run("run", "-f", spec.toString(), "-o", "xml")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("-o").contains("xml");
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    private int run(String... args) {
        CommandLine command = Distillery.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    private Path copy(String resource) throws IOException {
        Path target = dir.resolve(resource);
        try (InputStream in = getClass().getResourceAsStream("/" + resource)) {
            Files.copy(in, target);
        }
        return target;
    }
}
