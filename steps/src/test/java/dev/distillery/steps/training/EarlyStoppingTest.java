package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.distillery.steps.data.ImageDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyStoppingTest {
    private static final Device[] CPU = {Device.cpu()};
    // Labels unrelated to the images: validation accuracy wanders, so patience runs out.
    private static final ImageDataset NOISE = SyntheticImages.of(400, 9, true);

    @TempDir Path dir;

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndKeepsTheBestEpoch() throws IOException {
        TrainingResult result =
                new TrainingRun(patient(8, 2), CPU, line -> {})
                        .run(
                                NOISE,
                                Optional.empty(),
                                Optional.empty(),
                                f -> {},
                                Files.createDirectories(dir.resolve("model")),
                                Optional.empty());
        List<EpochRecord> history = result.history();
        assertThat(result.stoppedEarly()).isTrue();
        assertThat(history).hasSizeLessThan(8);
        assertThat(result.bestEpoch()).isEqualTo(firstBest(history));
        assertThat(history.size() - result.bestEpoch()).isEqualTo(2);
        assertThat(result.validation().orElseThrow().accuracy())
                .isEqualTo(history.get(result.bestEpoch() - 1).validationAccuracy());
    }

    @Test
    void aResumedRunStillEndsWithTheBestEpochsParameters() throws IOException {
        Path saved = dir.resolve("checkpoint");
        // A sink that keeps the checkpoint of epoch 2, then kills the run.
        CheckpointSink crashAfterTwo =
                folder -> {
                    int epoch = Checkpoint.read(folder).epoch();
                    if (epoch == 2) {
                        CheckpointFolders.copy(folder, saved);
                        throw new IllegalStateException("killed after epoch 2");
                    }
                };
        assertThatThrownBy(
                        () ->
                                new TrainingRun(patient(8, 3), CPU, line -> {})
                                        .run(
                                                NOISE,
                                                Optional.empty(),
                                                Optional.empty(),
                                                crashAfterTwo,
                                                Files.createDirectories(dir.resolve("first")),
                                                Optional.empty()))
                .hasMessageContaining("killed");
        Checkpoint checkpoint = Checkpoint.read(saved);
        assertThat(checkpoint.bestEpoch()).isBetween(1, 2);
        TrainingResult resumed =
                new TrainingRun(patient(8, 3), CPU, line -> {})
                        .run(
                                NOISE,
                                Optional.empty(),
                                Optional.of(saved),
                                f -> {},
                                Files.createDirectories(dir.resolve("second")),
                                Optional.empty());
        assertThat(resumed.resumedFromEpoch()).isEqualTo(2);
        assertThat(resumed.bestEpoch()).isEqualTo(firstBest(resumed.history()));
        assertThat(resumed.validation().orElseThrow().accuracy())
                .isEqualTo(resumed.history().get(resumed.bestEpoch() - 1).validationAccuracy());
    }

    private static int firstBest(List<EpochRecord> history) {
        int best = 0;
        for (int i = 0; i < history.size(); i++) {
            if (best == 0
                    || history.get(i).validationAccuracy()
                            > history.get(best - 1).validationAccuracy()) {
                best = i + 1;
            }
        }
        return best;
    }

    private static TrainingSettings patient(int epochs, int patience) {
        TrainingSettings s = ConsistentTeacherTest.settings("mlp:32", epochs, 0);
        return new TrainingSettings(
                s.spec(), epochs, 32, 0.01, 4, "adam", 0.9, 0, 0.25, false, false, 2, 0.5, "cosine",
                1, patience, 0.1, 0);
    }
}
