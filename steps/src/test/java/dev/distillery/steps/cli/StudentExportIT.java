package dev.distillery.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.contract.ExitCodes;
import dev.distillery.steps.artifacts.DatasetSource;
import dev.distillery.steps.artifacts.StepStorage;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.ReadAhead;
import dev.distillery.steps.evaluation.Inference;
import dev.distillery.steps.evaluation.NetworkClassifier;
import dev.distillery.steps.model.ModelDescription;
import dev.distillery.steps.model.SavedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Students trained here (an MLP, a CNN and a ResNet), exported in every format and loaded in real
 * PyTorch as a user would ({@code import model}, {@code torch.jit.load}, and the onnx package's
 * reference runtime for ONNX), give DJL's logits for the first 100 Fashion-MNIST test images within
 * 1e-4, and the int8 TorchScript export gives what PyTorch's own {@code quantize_dynamic} makes of
 * the exported module. Needs the venv of {@code .ci/torch-venv} ({@link TorchVenv}), which it
 * builds if absent.
 */
class StudentExportIT {
    private static final Path LOGITS_SCRIPT =
            Path.of("src/test/resources/dev/distillery/steps/export/exported_logits.py");
    private static final List<String> STUDENTS =
            List.of("mlp:64;dropout=0.2", "cnn:4,8;head=32", "resnet:8,16;blocks=1");
    private static final List<String> FORMATS = List.of("pytorch", "onnx", "torchscript");
    private static final int IMAGES = 100;
    private static final int CLASSES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    private static String python;

    @BeforeAll
    static void pythonWithTorch() throws IOException, InterruptedException {
        python = TorchVenv.python();
    }

    @Test
    void exportedStudentsGiveDjlsLogitsInRealPyTorch() throws Exception {
        List<String> folders = new ArrayList<>();
        for (String spec : STUDENTS) {
            String family = spec.substring(0, spec.indexOf(':'));
            String student = dir.resolve(family).toString();
            StepRun trained =
                    ok(
                            "train",
                            "--model",
                            spec,
                            "--limit",
                            "2000",
                            "--epochs",
                            "2",
                            "--learning-rate",
                            "0.01",
                            "--output",
                            student);
            // Beyond chance (0.10), the slow tiny ResNet too: trained weights and batch-norm
            // statistics, not an initialization.
            assertThat(trained.metric("testAccuracy")).as(spec).isGreaterThan(0.25);
            for (String format : FORMATS) {
                String exported = dir.resolve(family + "-" + format).toString();
                StepRun export =
                        ok("export", "--model", student, "--format", format, "--output", exported);
                assertThat(export.metric("parameters")).isEqualTo(trained.metric("parameters"));
                folders.add(exported);
            }
            String int8 = dir.resolve(family + "-torchscript-int8").toString();
            ok(
                    "export",
                    "--model",
                    student,
                    "--format",
                    "torchscript",
                    "--quantize",
                    "int8",
                    "--output",
                    int8);
            folders.add(int8);
            folders.add("quantize_dynamic:" + dir.resolve(family + "-pytorch"));
        }
        JsonNode pytorch = pytorchLogits(folders);
        for (String spec : STUDENTS) {
            String family = spec.substring(0, spec.indexOf(':'));
            float[] djl = djlLogits(dir.resolve(family));
            for (String format : FORMATS) {
                JsonNode logits = pytorch.get(dir.resolve(family + "-" + format).toString());
                double worst = 0;
                for (int i = 0; i < IMAGES; i++) {
                    for (int c = 0; c < CLASSES; c++) {
                        double got = logits.get(i).get(c).asDouble();
                        assertThat(got)
                                .as("%s as %s, image %d class %d", spec, format, i, c)
                                .isCloseTo(djl[i * CLASSES + c], within(1e-4));
                        worst = Math.max(worst, Math.abs(got - djl[i * CLASSES + c]));
                    }
                }
                System.out.printf(
                        "%s as %s: largest |PyTorch - DJL| logit difference %.2e%n",
                        spec, format, worst);
            }
            JsonNode int8 = pytorch.get(dir.resolve(family + "-torchscript-int8").toString());
            JsonNode reference =
                    pytorch.get("quantize_dynamic:" + dir.resolve(family + "-pytorch"));
            double worst = 0;
            for (int i = 0; i < IMAGES; i++) {
                for (int c = 0; c < CLASSES; c++) {
                    double got = int8.get(i).get(c).asDouble();
                    double expected = reference.get(i).get(c).asDouble();
                    assertThat(got)
                            .as("%s in int8, image %d class %d", spec, i, c)
                            .isCloseTo(expected, within(1e-5));
                    worst = Math.max(worst, Math.abs(got - expected));
                }
            }
            System.out.printf(
                    "%s in int8: largest |export - quantize_dynamic| logit difference %.2e%n",
                    spec, worst);
        }
    }

    @Test
    void theOnnxAndTorchScriptExportsComeBackAsTeachersWithTheStudentsAccuracy() {
        String student = dir.resolve("round-trip").toString();
        ok("train", "--model", "cnn:4", "--limit", "1000", "--epochs", "1", "--output", student);
        double accuracy = ok("evaluate", "--model", student).metric("accuracy");
        for (String format : List.of("onnx", "torchscript")) {
            String exported = dir.resolve("round-trip-" + format).toString();
            ok("export", "--model", student, "--format", format, "--output", exported);
            // ONNX Runtime's logits differ from DJL's in the sixth digit: at most a tie may flip.
            assertThat(ok("evaluate", "--model", exported).metric("accuracy"))
                    .as(format)
                    .isCloseTo(accuracy, within(2e-4));
        }
    }

    @Test
    void badInputIsOneLineNamingItAndExit65() throws IOException {
        String student = dir.resolve("bad-input").toString();
        ok("train", "--model", "mlp:8", "--limit", "300", "--epochs", "1", "--output", student);
        StepRun format =
                StepRun.of("export", "--model", student, "--format", "keras", "--output", "/tmp/x");
        assertThat(format.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(format.err())
                .contains("--format must be one of [pytorch, onnx, torchscript], got 'keras'");
        StepRun int8Onnx =
                StepRun.of(
                        "export",
                        "--model",
                        student,
                        "--format",
                        "onnx",
                        "--quantize",
                        "int8",
                        "--output",
                        "/tmp/x");
        assertThat(int8Onnx.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(int8Onnx.err()).contains("--quantize int8 needs --format torchscript");
        StepRun int4 =
                StepRun.of(
                        "export",
                        "--model",
                        student,
                        "--format",
                        "torchscript",
                        "--quantize",
                        "int4",
                        "--output",
                        "/tmp/x");
        assertThat(int4.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(int4.err()).contains("--quantize must be none or int8, got 'int4'");
        String never = dir.resolve("never").toString();
        StepRun teacher =
                StepRun.of(
                        "export",
                        "--model",
                        Path.of("..", "examples", "teachers", "fashion-cnn-onnx")
                                .toAbsolutePath()
                                .toString(),
                        "--format",
                        "pytorch",
                        "--output",
                        never);
        assertThat(teacher.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(teacher.err()).contains("fashion-cnn-onnx");
    }

    /** DJL's logits of the first 100 test images for the model in {@code folder}. */
    private static float[] djlLogits(Path folder) {
        ImageDataset data;
        try (StepStorage storage = new StepStorage()) {
            data = DatasetSource.load(storage, DatasetSource.PACKAGED.toUri().toString(), 0);
        }
        ModelDescription description =
                ModelDescription.read(folder.resolve(ArtifactFiles.MODEL_SPEC));
        int[] samples = IntStream.range(0, IMAGES).toArray();
        try (NetworkClassifier classifier =
                        NetworkClassifier.owning(
                                SavedModel.load(folder, Device.cpu()), description);
                ReadAhead readAhead = new ReadAhead(0)) {
            return new Inference(classifier, 32, readAhead)
                    .logits(data.test().orElseThrow(), samples, 0, IMAGES, Optional.empty(), 0);
        }
    }

    /** The logits {@code exported_logits.py} computes in PyTorch for each exported folder. */
    private static JsonNode pytorchLogits(List<String> folders) throws Exception {
        Path output = dir.resolve("pytorch-logits.json");
        List<String> command = new ArrayList<>();
        command.add(python);
        command.add(LOGITS_SCRIPT.toAbsolutePath().toString());
        command.add(DatasetSource.PACKAGED.resolve("t10k-images-idx3-ubyte.gz").toString());
        command.add(String.valueOf(IMAGES));
        command.add(output.toString());
        command.addAll(folders);
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("exported_logits.py").isZero();
        return JSON.readTree(output.toFile());
    }

    private static StepRun ok(String... args) {
        StepRun run = StepRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }
}
