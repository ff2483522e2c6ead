package dev.distillery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.cli.DistilleryCommand.Result;
import dev.distillery.contract.ExitCodes;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code distillery run} from the imported ONNX teacher of {@code examples/teachers}: the
 * planner scores it with an {@code evaluate} step, and the status shows the accuracy that step
 * printed (read back from the log it stored beside its artifact).
 */
class ImportedTeacherRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void theStatusShowsTheImportedMembersAccuracyAsItsEvaluateStepPrintedIt() throws Exception {
        String teacher =
                Path.of("..", "examples", "teachers", "fashion-cnn-onnx")
                        .toAbsolutePath()
                        .normalize()
                        .toUri()
                        .toString();
        Path spec = dir.resolve("imported.yaml");
        Files.writeString(
                spec,
                """
                apiVersion: distillery.dev/v1alpha1
                kind: Distillation
                metadata: {name: imported}
                spec:
                  dataset: {name: fashion-mnist, limit: 1000}
                  teacher: {pretrained: ['%s']}
                  students:
                    - {name: small, model: 'mlp:16', training: {epochs: 1, batchSize: 64, seed: 1}}
                """
                        .formatted(teacher));

        Result run =
                DistilleryCommand.run(
                        dir,
                        "run",
                        "-f",
                        spec.toString(),
                        "-o",
                        "json",
                        "--run-dir",
                        dir.resolve("run").toString());

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.OK);
        JsonNode status = JSON.readTree(run.stdout()).path("status");
        JsonNode member = status.path("teacher").path("members").get(0);
        assertThat(status.path("teacher").path("members")).hasSize(1);
        assertThat(member.path("artifact").asText()).isEqualTo(teacher);
        JsonNode scored = null;
        for (JsonNode step : status.path("steps")) {
            if (step.path("name").asText().equals("teacher-0")) {
                scored = step;
            }
        }
        assertThat(scored).isNotNull();
        assertThat(scored.path("phase").asText()).isEqualTo("Succeeded");
        String log =
                Files.readString(Path.of(URI.create(scored.path("artifact").asText() + ".log")));
        assertThat(log).contains("distillery-step evaluate --output ");
        Matcher printed = Pattern.compile("(?m)^accuracy=(\\S+)$").matcher(log);
        assertThat(printed.find()).as(log).isTrue();
        double accuracy = Double.parseDouble(printed.group(1));
        // The PyTorch-trained CNN scores about 88 % on the test split; far above chance.
        assertThat(accuracy).isGreaterThan(0.8);
        assertThat(member.path("accuracy").asDouble()).isEqualTo(accuracy);
        assertThat(member.path("parameters").asLong()).isPositive();
    }
}
