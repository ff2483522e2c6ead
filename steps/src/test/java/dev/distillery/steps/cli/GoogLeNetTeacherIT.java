package dev.distillery.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.steps.artifacts.DatasetSource;
import dev.distillery.steps.artifacts.StepStorage;
import dev.distillery.steps.data.ImageDataset;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * torchvision's GoogLeNet, the teacher of {@code examples/googlenet.yaml}, trained briefly by
 * {@code examples/teachers/train_googlenet.py} in real PyTorch: DJL gives PyTorch's logits for its
 * TorchScript and its ONNX export (inception branches, concatenations, ceil-mode pooling), and
 * {@code evaluate} scores it as PyTorch did. Needs the venv of {@code .ci/torch-venv} ({@link
 * TorchVenv}: torch and torchvision), which it builds if absent.
 */
class GoogLeNetTeacherIT {
    private static final Path SCRIPT =
            Path.of("..", "examples", "teachers", "train_googlenet.py").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    private static Path teacher;
    private static ImageDataset data;
    private static JsonNode trained;
    private static JsonNode pytorch;

    @BeforeAll
    static void trainGoogLeNetBrieflyInPyTorch() throws Exception {
        try (StepStorage storage = new StepStorage()) {
            data = DatasetSource.load(storage, DatasetSource.PACKAGED.toUri().toString(), 0);
        }
        teacher = dir.resolve("googlenet");
        Process process =
                new ProcessBuilder(
                                TorchVenv.python(),
                                SCRIPT.toString(),
                                "--data",
                                DatasetSource.PACKAGED.toString(),
                                "--limit",
                                "600",
                                "--epochs",
                                "1",
                                "--out",
                                teacher.toString())
                        .inheritIO()
                        .start();
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(SCRIPT.toString()).isZero();
        trained = JSON.readTree(teacher.resolve("googlenet.json").toFile());
        pytorch = JSON.readTree(teacher.resolve("pytorch-logits.json").toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"torchscript", "onnx"})
    void djlGivesPyTorchsLogitsForTheFirst100TestImages(String format) {
        ImportedTeacherIT.assertDjlGivesPyTorchLogits(teacher.resolve(format), data, pytorch);
    }

    @Test
    void evaluateScoresItAsPyTorchDidWithItsParameters() {
        StepRun evaluated =
                StepRun.of("evaluate", "--model", teacher.resolve("torchscript").toString());
        assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
        assertThat(evaluated.metric("accuracy"))
                .isCloseTo(trained.get("testAccuracy").asDouble(), within(0.0015));
        assertThat(evaluated.metric("parameters"))
                .isEqualTo(trained.get("parameters").asDouble())
                .isGreaterThan(5_000_000);
    }
}
