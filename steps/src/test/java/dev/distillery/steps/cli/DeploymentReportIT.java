package dev.distillery.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.steps.artifacts.DatasetSource;
import dev.distillery.steps.report.ReportCommand;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ArtifactStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report, given the data, scores what ships: the chosen setting's best seed on validation,
 * exported as TorchScript in float32 (the student's own test accuracy) and int8 (smaller, nearly
 * always the same predictions), each run by libtorch over the whole test split.
 */
class DeploymentReportIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void theShippedStudentsFloat32AndInt8ExportsAreScoredOnTheTestSplit() throws IOException {
        Path trained = dir.resolve("trained");
        StepRun train =
                ok(
                        "train",
                        "--model",
                        "mlp:64",
                        "--limit",
                        "3000",
                        "--epochs",
                        "2",
                        "--output",
                        trained.toString());
        double testAccuracy = train.metric("testAccuracy");
        // Two seeds of one distilled setting, as a sweep leaves them: the second is better on
        // validation, so it is the one that ships.
        Path first = variant(trained, "s1", 1, 0.80);
        Path second = variant(trained, "s2", 2, 0.85);
        Path report = dir.resolve("report");
        ok(
                "report",
                "--output",
                report.toString(),
                "--student",
                "small-t2-a0p5-s1=" + first,
                "--student",
                "small-t2-a0p5-s2=" + second,
                "--data",
                DatasetSource.PACKAGED.toString());

        JsonNode rows =
                JSON.readTree(report.resolve(ArtifactFiles.METRICS).toFile()).get("deployment");
        assertThat(rows).hasSize(2);
        JsonNode float32 = rows.get(0);
        JsonNode int8 = rows.get(1);
        for (JsonNode row : rows) {
            assertThat(row.get("student").asText()).isEqualTo("small");
            assertThat(row.get("variant").asText()).isEqualTo("small-t2-a0p5-s2");
            assertThat(row.get("split").asText()).isEqualTo("test");
            assertThat(row.get("millisPerImage").asDouble()).isPositive();
            assertThat(row.get("millisPerImageInBatches").asDouble())
                    .isPositive()
                    .isLessThan(row.get("millisPerImage").asDouble());
        }
        assertThat(float32.get("precision").asText()).isEqualTo("float32");
        assertThat(int8.get("precision").asText()).isEqualTo("int8");
        // libtorch's float logits differ from DJL's in the last digits: at most a tie may flip.
        assertThat(float32.get("accuracy").asDouble()).isCloseTo(testAccuracy, within(2e-4));
        assertThat(float32.get("agreement").asDouble()).isEqualTo(1.0);
        assertThat(int8.get("accuracy").asDouble()).isCloseTo(testAccuracy, within(0.01));
        assertThat(int8.get("agreement").asDouble()).isGreaterThan(0.97).isLessThanOrEqualTo(1.0);
        // 50,890 parameters: 204 kB of float32, about 51 kB of int8 weights plus the code.
        assertThat(int8.get("bytes").asLong()).isLessThan(float32.get("bytes").asLong() / 2);

        String html = Files.readString(report.resolve(ReportCommand.PAGE));
        assertThat(html).contains("Deployment: float32 and int8").contains("small-t2-a0p5-s2");
    }

    @Test
    void withoutTheDataTheReportHasNoDeployment() throws IOException {
        Path trained = dir.resolve("trained");
        ok(
                "train",
                "--model",
                "mlp:8",
                "--limit",
                "500",
                "--epochs",
                "1",
                "--output",
                trained.toString());
        Path report = dir.resolve("report");
        ok("report", "--output", report.toString(), "--student", "tiny=" + trained);
        assertThat(JSON.readTree(report.resolve(ArtifactFiles.METRICS).toFile()).get("deployment"))
                .isEmpty();
        assertThat(Files.readString(report.resolve(ReportCommand.PAGE)))
                .doesNotContain("Deployment");
    }

    /**
     * {@code trained} published again as {@code name}, its metrics saying it is seed {@code seed}
     * of T=2, alpha=0.5 with {@code validationAccuracy}.
     */
    private Path variant(Path trained, String name, long seed, double validationAccuracy)
            throws IOException {
        Path staged = Files.createDirectories(dir.resolve("staged-" + name));
        try (Stream<Path> files = Files.list(trained)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals(ArtifactFiles.MANIFEST)) {
                    Files.copy(file, staged.resolve(file.getFileName()));
                }
            }
        }
        Path metrics = staged.resolve(ArtifactFiles.METRICS);
        ObjectNode root = (ObjectNode) JSON.readTree(metrics.toFile());
        root.put("temperature", 2.0)
                .put("alpha", 0.5)
                .put("seed", seed)
                .put("validationAccuracy", validationAccuracy);
        JSON.writeValue(metrics.toFile(), root);
        Path published = dir.resolve(name);
        try (ArtifactStore store = ArtifactStores.open(published.toUri().toString())) {
            store.publish(staged, published.toUri().toString());
        }
        return published;
    }

    private static StepRun ok(String... args) {
        StepRun run = StepRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }
}
