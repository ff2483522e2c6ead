package dev.distillery.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import dev.distillery.steps.artifacts.DatasetSource;
import dev.distillery.steps.artifacts.StepStorage;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.data.ReadAhead;
import dev.distillery.steps.evaluation.Inference;
import dev.distillery.steps.imported.ImportedTeacher;
import dev.distillery.steps.imported.TeacherContract;
import dev.distillery.steps.imported.Teachers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Teachers trained in real PyTorch ({@code examples/teachers/train_fashion_cnn.py}: a 3x32x32 RGB
 * CNN, exported as TorchScript and as channels-last ONNX with its classes in alphabetical order)
 * imported through their {@code teacher.json}: DJL's logits equal PyTorch's, a contract that does
 * not fit its model fails before anything runs, and Distillery students learn from them.
 */
class ImportedTeacherIT {
    private static final Path EXAMPLES = Path.of("..", "examples", "teachers").toAbsolutePath();
    private static final Path TORCHSCRIPT = EXAMPLES.resolve("fashion-cnn-torchscript");
    private static final Path ONNX = EXAMPLES.resolve("fashion-cnn-onnx");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIMIT = "2000";

    @TempDir static Path dir;
    private static ImageDataset data;
    private static JsonNode pytorch;

    @BeforeAll
    static void readDataAndPyTorchLogits() throws IOException {
        try (StepStorage storage = new StepStorage()) {
            data = DatasetSource.load(storage, DatasetSource.PACKAGED.toUri().toString(), 0);
        }
        pytorch = JSON.readTree(EXAMPLES.resolve("pytorch-logits.json").toFile());
    }

    private static Teachers.DataFit fit(ImageDataset data) {
        return new Teachers.DataFit(data.shape(), data.classNames(), "fashion-mnist");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fashion-cnn-torchscript", "fashion-cnn-onnx"})
    void djlLogitsEqualPyTorchLogitsForTheFirst100TestImages(String teacher) {
        assertDjlGivesPyTorchLogits(EXAMPLES.resolve(teacher), data, pytorch);
    }

    /**
     * Asserts that DJL's logits of the imported teacher in {@code folder} for the first 100 test
     * images of {@code data} equal {@code pytorch}'s ({@code pytorch-logits.json}: a row of logits
     * per image, in the data's class order) within 1e-4.
     */
    static void assertDjlGivesPyTorchLogits(Path folder, ImageDataset data, JsonNode pytorch) {
        String teacher = folder.getFileName().toString();
        LabelledImages test = data.test().orElseThrow();
        int[] samples = IntStream.range(0, 100).toArray();
        int classes = data.classNames().size();
        float[] logits;
        try (ImportedTeacher imported =
                ImportedTeacher.load(folder, teacher, fit(data), Device.cpu())) {
            logits =
                    new Inference(imported, 32, new ReadAhead(0))
                            .logits(test, samples, 0, 100, Optional.empty(), 0);
        }
        JsonNode expected = pytorch.get("logits");
        assertThat(logits).hasSize(100 * classes);
        double worst = 0;
        for (int i = 0; i < 100; i++) {
            for (int c = 0; c < classes; c++) {
                double want = expected.get(i).get(c).asDouble();
                assertThat((double) logits[i * classes + c])
                        .as("%s image %d class %d", teacher, i, c)
                        .isCloseTo(want, within(1e-4));
                worst = Math.max(worst, Math.abs(logits[i * classes + c] - want));
            }
        }
        System.out.printf("%s: largest |DJL - PyTorch| logit difference %.2e%n", teacher, worst);
    }

    @Test
    void aContractThatDoesNotFitItsModelFailsNamingBoth() throws IOException {
        // The TorchScript CNN flattens 32x32 inputs into its head: 28x28 ones do not fit.
        Path wrongSize =
                copyWithContract(
                        TORCHSCRIPT,
                        "wrong-size",
                        c -> {
                            ((ObjectNode) c.get("input")).put("height", 28).put("width", 28);
                        });
        assertThatThrownBy(() -> Teachers.checkFits(wrongSize, "wrong-size", fit(data)))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("teacher wrong-size: its model model.pt does not take")
                .hasMessageContaining("teacher.json declares, 3x28x28 NCHW");
        // The ONNX model gives 10 logits; a contract naming 5 classes does not fit it.
        List<String> five = data.classNames().subList(0, 5);
        Path fewer =
                copyWithContract(
                        ONNX,
                        "five-classes",
                        c -> {
                            c.set("classNames", JSON.valueToTree(five));
                        });
        Teachers.DataFit fiveClasses = new Teachers.DataFit(data.shape(), five, "five");
        assertThatThrownBy(() -> Teachers.checkFits(fewer, "five-classes", fiveClasses))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("its model model.onnx gives outputs of shape (1, 10)")
                .hasMessageContaining("teacher.json names 5 classes");
        // Through the CLI: one message, the bad-input exit code, before any labelling.
        StepRun run =
                StepRun.of(
                        "soft-labels",
                        "--teacher",
                        wrongSize.toString(),
                        "--limit",
                        "100",
                        "--output",
                        dir.resolve("never").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("its model model.pt does not take");
        assertThat(dir.resolve("never")).doesNotExist();
    }

    @Test
    void evaluateScoresAnImportedTeacherAsPyTorchDid() {
        StepRun evaluated = ok("evaluate", "--model", ONNX.toString());
        assertThat(evaluated.metric("accuracy"))
                .isCloseTo(pytorch.get("testAccuracy").asDouble(), within(0.0015));
        assertThat(evaluated.metric("samples")).isEqualTo(10_000);
    }

    @Test
    void studentsLearnFromImportedTeachersMixedWithATrainedOne() throws IOException {
        String trained = dir.resolve("trained-member").toString();
        ok("train", "--model", "cnn:8", "--limit", LIMIT, "--epochs", "1", "--output", trained);
        // Stored mode: an ensemble of the TorchScript teacher and a Distillery-trained member.
        String soft = dir.resolve("soft").toString();
        ok(
                "soft-labels",
                "--teacher",
                TORCHSCRIPT.toString(),
                "--teacher",
                trained,
                "--limit",
                LIMIT,
                "--output",
                soft);
        StepRun stored =
                ok(
                        "train",
                        "--model",
                        "mlp:64",
                        "--limit",
                        LIMIT,
                        "--epochs",
                        "3",
                        "--teacher-logits",
                        soft,
                        "--temperature",
                        "2",
                        "--output",
                        dir.resolve("stored-student").toString());
        // Consistent mode: the ONNX teacher labels each batch in the student's step.
        StepRun consistent =
                ok(
                        "train",
                        "--model",
                        "mlp:64",
                        "--limit",
                        LIMIT,
                        "--epochs",
                        "3",
                        "--teacher",
                        ONNX.toString(),
                        "--temperature",
                        "2",
                        "--output",
                        dir.resolve("consistent-student").toString());
        // Chance is 0.10 on ten classes.
        assertThat(stored.metric("accuracy")).isGreaterThan(0.7);
        assertThat(consistent.metric("accuracy")).isGreaterThan(0.7);
        // The report lists the imported member beside the trained one.
        Path report = dir.resolve("report");
        ok(
                "report",
                "--output",
                report.toString(),
                "--teacher",
                TORCHSCRIPT.toString(),
                "--teacher",
                trained,
                "--soft-labels",
                soft,
                "--student",
                "mlp=" + dir.resolve("stored-student"));
        assertThat(report.resolve("report.html"))
                .content()
                .contains("imported torchscript 3x32x32");
    }

    private interface Edit {
        void apply(ObjectNode contract);
    }

    private static Path copyWithContract(Path teacher, String name, Edit edit) throws IOException {
        Path copy = Files.createDirectories(dir.resolve(name));
        try (Stream<Path> files = Files.list(teacher)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        ObjectNode contract =
                (ObjectNode) JSON.readTree(copy.resolve(TeacherContract.FILE).toFile());
        edit.apply(contract);
        JSON.writeValue(copy.resolve(TeacherContract.FILE).toFile(), contract);
        return copy;
    }

    private static StepRun ok(String... args) {
        StepRun run = StepRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }
}
