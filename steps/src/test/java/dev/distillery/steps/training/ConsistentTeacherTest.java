package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.imported.Teachers;
import dev.distillery.steps.model.ModelSpec;
import dev.distillery.steps.model.ModelZoo;
import dev.distillery.steps.model.SavedModel;
import dev.distillery.steps.softlabels.EnsembleCombination;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsistentTeacherTest {
    private static final Device[] CPU = {Device.cpu()};
    private static final ImageDataset DATA = SyntheticImages.of(300, 5, false);

    @TempDir static Path dir;
    private static Path teacherFolder;

    @BeforeAll
    static void trainTeacher() throws Exception {
        teacherFolder = Files.createDirectories(dir.resolve("teacher"));
        TrainingResult teacher =
                new TrainingRun(settings("cnn:4", 2, 0), CPU, line -> {})
                        .run(
                                DATA,
                                Optional.empty(),
                                Optional.empty(),
                                f -> {},
                                teacherFolder,
                                Optional.empty());
        assertThat(teacher.validation().orElseThrow().accuracy()).isGreaterThan(0.6);
    }

    @Test
    void theTeacherIsNeverUpdatedAndTakesNoGradientWhileAStudentLearnsFromIt() throws Exception {
        try (ConsistentTeacher teacher = load(true)) {
            assertThat(teacher.anyParameterTakesGradient()).isFalse();
            Map<String, float[]> before = teacher.parameterValues();
            TrainingResult student =
                    new TrainingRun(augmented(settings("cnn:3", 2, 1.0)), CPU, line -> {})
                            .run(
                                    DATA,
                                    Optional.of(teacher),
                                    Optional.empty(),
                                    f -> {},
                                    Files.createDirectories(dir.resolve("student")),
                                    Optional.empty());
            Map<String, float[]> after = teacher.parameterValues();
            assertThat(after.keySet()).isEqualTo(before.keySet()).isNotEmpty();
            for (String name : before.keySet()) {
                assertThat(after.get(name)).as(name).containsExactly(before.get(name));
            }
            assertThat(teacher.anyParameterTakesGradient()).isFalse();
            assertThat(student.validation().orElseThrow().accuracy()).isGreaterThan(0.5);
            // Only the student is saved: the hint adapter is not part of the artifact.
            assertThat(student.description().parameters()).isEqualTo(bareParameters("cnn:3"));
        }
    }

    @Test
    void hintsRejectStudentsWithoutAMatchingFeatureMap() {
        try (ConsistentTeacher teacher = load(true)) {
            assertThatThrownBy(() -> train(teacher, "mlp:8"))
                    .isInstanceOf(DistilleryException.class)
                    .hasMessageContaining("student mlp:8 has no convolutional feature map");
            assertThatThrownBy(() -> train(teacher, "cnn:3,3"))
                    .isInstanceOf(DistilleryException.class)
                    .hasMessageContaining("ends its conv blocks with 3x2x2 feature maps")
                    .hasMessageContaining("4x4x4")
                    .hasMessageContaining("same spatial size");
        }
    }

    private static long bareParameters(String model) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = ModelZoo.build(ModelSpec.parse(model), DATA.shape(), DATA.classes());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            return SavedModel.parameterCount(block);
        }
    }

    private static void train(ConsistentTeacher teacher, String model) throws Exception {
        new TrainingRun(settings(model, 1, 1.0), CPU, line -> {})
                .run(
                        DATA,
                        Optional.of(teacher),
                        Optional.empty(),
                        f -> {},
                        Files.createTempDirectory(dir, "rejected"),
                        Optional.empty());
    }

    private static ConsistentTeacher load(boolean hints) {
        return ConsistentTeacher.load(
                List.of(teacherFolder),
                List.of(teacherFolder.toString()),
                new Teachers.DataFit(DATA.shape(), DATA.classNames(), DATA.name()),
                EnsembleCombination.PROBABILITIES,
                hints,
                Device.cpu());
    }

    static TrainingSettings settings(String model, int epochs, double hintWeight) {
        return new TrainingSettings(
                ModelSpec.parse(model),
                epochs,
                32,
                0.01,
                3,
                "adam",
                0.9,
                0,
                0.2,
                false,
                false,
                2,
                0.5,
                "constant",
                0,
                0,
                0,
                hintWeight);
    }

    static TrainingSettings augmented(TrainingSettings s) {
        return new TrainingSettings(
                s.spec(),
                s.epochs(),
                s.batchSize(),
                s.learningRate(),
                s.seed(),
                s.optimizer(),
                s.momentum(),
                s.weightDecay(),
                s.validationFraction(),
                true,
                false,
                s.temperature(),
                s.alpha(),
                s.schedule(),
                s.warmupEpochs(),
                s.earlyStopping(),
                s.labelSmoothing(),
                s.hintWeight());
    }
}
