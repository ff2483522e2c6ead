package dev.distillery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.cli.DistilleryCommand.Result;
import dev.distillery.contract.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillery run -f examples/online.yaml} as a user runs it: the teacher and two students
 * trained together in one step, every network's accuracy in the status (the teacher's too), each
 * network a model artifact of its own; a rerun reuses the group.
 */
@TestMethodOrder(OrderAnnotation.class)
class OnlineRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    static Path runDir;
    static Result first;

    @BeforeAll
    static void runTheOnlineExample() throws Exception {
        Path spec = dir.resolve("online.yaml");
        Files.copy(Path.of("..", "examples", "online.yaml"), spec);
        runDir = dir.resolve("run");
        first = run(spec);
    }

    private static Result run(Path spec) throws Exception {
        return DistilleryCommand.run(
                dir, "run", "-f", spec.toString(), "-o", "json", "--run-dir", runDir.toString());
    }

    @Test
    @Order(1)
    void theGroupTrainsInOneStepAndEveryNetworkIsInTheStatus() throws Exception {
        assertThat(first.exitCode()).as(first.stderr()).isEqualTo(ExitCodes.OK);
        JsonNode status = JSON.readTree(first.stdout()).path("status");

        assertThat(status.path("phase").asText()).isEqualTo("Succeeded");
        List<String> steps = new ArrayList<>();
        status.path("steps").forEach(s -> steps.add(s.path("name").asText()));
        assertThat(steps)
                .containsExactlyInAnyOrder("online", "baseline-mlp", "baseline-cnn-tiny", "report");
        JsonNode teacher = status.path("teacher");
        // Ten classes: chance is 0.1.
        assertThat(teacher.path("accuracy").asDouble()).isGreaterThan(0.5);
        assertThat(teacher.path("members")).hasSize(1);
        assertThat(teacher.path("artifact").asText()).startsWith("file://").endsWith("/teacher");
        for (JsonNode student : status.path("students")) {
            String name = student.path("name").asText();
            assertThat(student.path("phase").asText()).as(name).isEqualTo("Succeeded");
            assertThat(student.path("accuracy").asDouble()).as(name).isGreaterThan(0.5);
            assertThat(student.path("validationAccuracy").asDouble()).as(name).isGreaterThan(0.5);
            assertThat(student.path("scratchAccuracy").asDouble()).as(name).isGreaterThan(0.3);
            assertThat(student.path("parameters").asLong())
                    .as(name)
                    .isPositive()
                    .isLessThan(teacher.path("parameters").asLong());
            assertThat(student.path("temperature").asDouble()).isEqualTo(1.0);
            assertThat(student.path("alpha").asDouble()).isEqualTo(0.5);
            String artifact = student.path("artifact").asText();
            assertThat(artifact).endsWith("/student-" + name);
            Path folder = Path.of(java.net.URI.create(artifact));
            assertThat(folder.resolve("model.json")).isRegularFile();
            assertThat(folder.resolve("manifest.json")).isRegularFile();
        }
        assertThat(status.path("report").asText()).startsWith("file://");
        assertThat(first.stderr()).contains("online: started", "online: done");
        assertThat(first.seconds()).isLessThan(240);
    }

    @Test
    @Order(2)
    void aRerunReusesTheGroup() throws Exception {
        Result again = run(dir.resolve("online.yaml"));

        assertThat(again.exitCode()).as(again.stderr()).isEqualTo(ExitCodes.OK);
        JsonNode status = JSON.readTree(again.stdout()).path("status");
        for (JsonNode step : status.path("steps")) {
            assertThat(step.path("reused").asBoolean()).as(step.path("name").asText()).isTrue();
        }
        assertThat(status.path("teacher").path("accuracy").asDouble())
                .isEqualTo(
                        JSON.readTree(first.stdout())
                                .path("status")
                                .path("teacher")
                                .path("accuracy")
                                .asDouble());
    }
}
