package dev.distillery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.contract.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive the build makes ({@code cli/target/distillery-VERSION.tar.gz}), used as a
 * person who never cloned the repository would: unpacked anywhere, its {@code bin/distillery} run
 * from another folder, {@code kubectl-distillery} through a link on the {@code PATH}, a real
 * distillation whose steps start from the archive's own {@code lib/}.
 */
class ReleaseArchiveIT {
    private static final String MICRO =
            """
            apiVersion: distillery.dev/v1alpha1
            kind: Distillation
            metadata:
              name: micro
            spec:
              dataset: {name: fashion-mnist, limit: 500}
              teacher: {model: "mlp:32", training: {epochs: 1, batchSize: 64}}
              students:
                - {name: small, model: "mlp:8", training: {epochs: 1, batchSize: 64}}
            """;

    @TempDir static Path dir;
    static Path home;
    static Path work;

    /**
     * What one command did.
     *
     * @param exitCode its exit code
     * @param stdout everything on stdout
     * @param stderr everything on stderr
     */
    record Result(int exitCode, String stdout, String stderr) {}

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("distillery.archive"));
        assertThat(archive).as("the build's release archive").isRegularFile();
        Result tar = run(dir, Map.of(), "tar", "-xzf", archive.toString(), "-C", dir.toString());
        assertThat(tar.exitCode()).as(tar.stderr()).isZero();
        try (var entries = Files.list(dir)) {
            home =
                    entries.filter(p -> p.getFileName().toString().startsWith("distillery-"))
                            .findFirst()
                            .orElseThrow();
        }
        work = Files.createDirectories(dir.resolve("work"));
    }

    @Test
    void itsLauncherRunsARealDistillationFromAnotherFolder() throws Exception {
        Files.writeString(work.resolve("micro.yaml"), MICRO);

        Result run =
                run(
                        work,
                        Map.of(),
                        home.resolve("bin/distillery").toString(),
                        "run",
                        "-f",
                        "micro.yaml",
                        "-o",
                        "json");

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.OK);
        JsonNode status = new ObjectMapper().readTree(run.stdout()).path("status");
        assertThat(status.path("phase").asText()).isEqualTo("Succeeded");
        assertThat(status.path("students").get(0).path("accuracy").asDouble()).isPositive();
        assertThat(work.resolve("runs/micro/report.html")).isRegularFile();
        assertThat(work.resolve("runs/micro/pareto.png")).isRegularFile();
    }

    @Test
    void kubectlFindsItAsAPluginThroughALinkOnThePath() throws Exception {
        Path path = Files.createDirectories(dir.resolve("path"));
        Files.createSymbolicLink(
                path.resolve("kubectl-distillery"), home.resolve("bin/kubectl-distillery"));

        Result validate =
                run(
                        work,
                        Map.of("PATH", path + ":" + System.getenv("PATH")),
                        path.resolve("kubectl-distillery").toString(),
                        "validate",
                        "-f",
                        home.resolve("examples/quickstart.yaml").toString());

        assertThat(validate.exitCode()).as(validate.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(validate.stdout()).contains("valid Distillation quickstart");
    }

    @Test
    void missingDataStopsBeforeAnyStepWithOneMessage() throws Exception {
        Path missing = dir.resolve("no-such-dataset");

        Result stopped =
                run(
                        work,
                        Map.of(),
                        home.resolve("bin/distillery").toString(),
                        "run",
                        "-f",
                        home.resolve("examples/quickstart.yaml").toString(),
                        "--data",
                        missing.toUri().toString());

        assertThat(stopped.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(stopped.stderr().lines().toList())
                .singleElement()
                .asString()
                .contains("no folder at " + missing);
        assertThat(work.resolve("runs/quickstart")).doesNotExist();
    }

    private static Result run(Path workingDir, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder builder =
                new ProcessBuilder(new ArrayList<>(List.of(command)))
                        .directory(workingDir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " hung");
        }
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
