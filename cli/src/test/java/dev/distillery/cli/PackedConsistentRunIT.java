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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillery run -f examples/packed-consistent.yaml} as a user runs it: three consistent
 * students, one with a hint, trained in one packed step that loads the teacher itself (no soft
 * labels are stored), each published as a model artifact that says how it was taught.
 */
class PackedConsistentRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    static Result run;

    @BeforeAll
    static void runTheExample() throws Exception {
        Path spec = dir.resolve("packed-consistent.yaml");
        Files.copy(Path.of("..", "examples", "packed-consistent.yaml"), spec);
        run =
                DistilleryCommand.run(
                        dir,
                        "run",
                        "-f",
                        spec.toString(),
                        "-o",
                        "json",
                        "--run-dir",
                        dir.resolve("run").toString());
    }

    @Test
    void onePackLoadsTheTeacherAndEveryStudentIsTaughtAsItsSpecSays() throws Exception {
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.OK);
        JsonNode status = JSON.readTree(run.stdout()).path("status");

        assertThat(status.path("phase").asText()).isEqualTo("Succeeded");
        List<String> steps = new ArrayList<>();
        status.path("steps").forEach(s -> steps.add(s.path("name").asText()));
        assertThat(steps)
                .containsExactlyInAnyOrder(
                        "teacher-0", "baseline-pack-small", "pack-small", "report");
        assertThat(status.path("students")).hasSize(3);
        for (JsonNode student : status.path("students")) {
            String name = student.path("name").asText();
            assertThat(student.path("phase").asText()).as(name).isEqualTo("Succeeded");
            // Ten classes: chance is 0.1.
            assertThat(student.path("accuracy").asDouble()).as(name).isGreaterThan(0.5);
            Path artifact = Path.of(java.net.URI.create(student.path("artifact").asText()));
            JsonNode details = JSON.readTree(artifact.resolve("metrics.json").toFile());
            assertThat(details.path("softLabelsMode").asText()).as(name).isEqualTo("consistent");
            assertThat(details.path("teachers")).as(name).hasSize(1);
            assertThat(details.path("hintWeight").asDouble())
                    .as(name)
                    .isEqualTo(name.equals("cnn-hinted") ? 0.5 : 0.0);
        }
        assertThat(run.stderr()).contains("pack-small: started", "pack-small: done");
    }
}
