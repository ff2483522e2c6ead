package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.distillery.steps.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --optimizer sgd} still trains through DJL's SGD, and its resume says what restarts. */
class SgdTrainingTest {
    private static final Device[] CPU = {Device.cpu()};

    @TempDir Path dir;

    @Test
    void sgdLearnsTheSyntheticCornersAndCheckpointsNoAdamState() throws IOException {
        Path checkpoint = dir.resolve("checkpoint");
        TrainingResult result =
                new TrainingRun(sgd(4), CPU, line -> {})
                        .run(
                                SyntheticImages.of(300, 8, false),
                                Optional.empty(),
                                Optional.empty(),
                                folder -> CheckpointFolders.copy(folder, checkpoint),
                                Files.createDirectories(dir.resolve("model")),
                                Optional.empty());
        List<EpochRecord> history = result.history();
        assertThat(history.get(history.size() - 1).loss()).isLessThan(history.get(0).loss());
        assertThat(result.validation().orElseThrow().accuracy()).isGreaterThan(0.9);
        assertThat(Checkpoint.isIn(checkpoint)).isTrue();
        assertThat(checkpoint.resolve(FusedAdam.FILE)).doesNotExist();

        List<String> log = new ArrayList<>();
        TrainingResult resumed =
                new TrainingRun(sgd(4), CPU, log::add)
                        .run(
                                SyntheticImages.of(300, 8, false),
                                Optional.empty(),
                                Optional.of(checkpoint),
                                folder -> {},
                                Files.createDirectories(dir.resolve("resumed")),
                                Optional.empty());
        assertThat(resumed.resumedFromEpoch()).isEqualTo(4);
        assertThat(log).contains("DJL's sgd state (momentum or moments) restarts after the resume");
    }

    private static TrainingSettings sgd(int epochs) {
        return new TrainingSettings(
                ModelSpec.parse("mlp:16"),
                epochs,
                32,
                0.05,
                2,
                "sgd",
                0.9,
                0,
                0.2,
                false,
                false,
                2,
                0.5);
    }
}
