package dev.distillery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.cli.DistilleryCommand.Result;
import dev.distillery.contract.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillery run -f examples/packed-students.yaml} as a user runs it: six student variants
 * trained in one packed step and their three scratch twins in another, every variant's accuracy in
 * the status like an unpacked student's (the sweep still chooses one alpha per student), each a
 * model artifact of its own; a rerun reuses every step.
 */
@TestMethodOrder(OrderAnnotation.class)
class PackedRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    static Path runDir;
    static Result first;

    @BeforeAll
    static void runThePackedExample() throws Exception {
        Path spec = dir.resolve("packed-students.yaml");
        Files.copy(Path.of("..", "examples", "packed-students.yaml"), spec);
        runDir = dir.resolve("run");
        first = run(spec);
    }

    private static Result run(Path spec) throws Exception {
        return DistilleryCommand.run(
                dir, "run", "-f", spec.toString(), "-o", "json", "--run-dir", runDir.toString());
    }

    @Test
    @Order(1)
    void thePackTrainsEveryVariantInOneStepAndEachIsInTheStatus() throws Exception {
        assertThat(first.exitCode()).as(first.stderr()).isEqualTo(ExitCodes.OK);
        JsonNode status = JSON.readTree(first.stdout()).path("status");

        assertThat(status.path("phase").asText()).isEqualTo("Succeeded");
        List<String> steps = new ArrayList<>();
        status.path("steps").forEach(s -> steps.add(s.path("name").asText()));
        assertThat(steps)
                .containsExactlyInAnyOrder(
                        "teacher-0", "soft-labels", "baseline-pack-small", "pack-small", "report");
        assertThat(status.path("students")).hasSize(6);
        Map<String, Integer> selected = new LinkedHashMap<>();
        for (JsonNode student : status.path("students")) {
            String name = student.path("name").asText();
            assertThat(student.path("phase").asText()).as(name).isEqualTo("Succeeded");
            // Ten classes: chance is 0.1.
            assertThat(student.path("accuracy").asDouble()).as(name).isGreaterThan(0.5);
            assertThat(student.path("validationAccuracy").asDouble()).as(name).isGreaterThan(0.5);
            assertThat(student.path("scratchAccuracy").asDouble()).as(name).isGreaterThan(0.5);
            assertThat(student.path("parameters").asLong()).as(name).isPositive();
            String artifact = student.path("artifact").asText();
            assertThat(artifact).endsWith("/student-" + name);
            Path folder = Path.of(java.net.URI.create(artifact));
            assertThat(folder.resolve("model.json")).isRegularFile();
            assertThat(folder.resolve("manifest.json")).isRegularFile();
            assertThat(student.path("baselineArtifact").asText())
                    .endsWith("/student-" + student.path("student").asText());
            if (student.path("selected").asBoolean()) {
                selected.merge(student.path("student").asText(), 1, Integer::sum);
            }
        }
        assertThat(selected).containsOnlyKeys("cnn-tiny", "mlp", "mlp-tiny").containsValues(1);
        assertThat(status.path("report").asText()).startsWith("file://");
        assertThat(first.stderr()).contains("pack-small: started", "pack-small: done");
        assertThat(first.seconds()).isLessThan(300);
    }

    @Test
    @Order(2)
    void aRerunReusesEveryStep() throws Exception {
        Result again = run(dir.resolve("packed-students.yaml"));

        assertThat(again.exitCode()).as(again.stderr()).isEqualTo(ExitCodes.OK);
        JsonNode status = JSON.readTree(again.stdout()).path("status");
        for (JsonNode step : status.path("steps")) {
            assertThat(step.path("reused").asBoolean()).as(step.path("name").asText()).isTrue();
        }
        JsonNode before = JSON.readTree(first.stdout()).path("status").path("students");
        for (int i = 0; i < before.size(); i++) {
            assertThat(status.path("students").get(i).path("accuracy").asDouble())
                    .isEqualTo(before.get(i).path("accuracy").asDouble());
        }
    }
}
