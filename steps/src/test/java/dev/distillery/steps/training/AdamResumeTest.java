package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.ValidationSplit;
import dev.distillery.steps.model.ModelSpec;
import dev.distillery.steps.model.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run interrupted after an epoch and resumed from its checkpoint ends with exactly the parameters
 * of the same run left alone: Adam's moments and step counts travel in the checkpoint, the data
 * order and augmentation are seeded per epoch, and the learning-rate schedule continues.
 */
class AdamResumeTest {
    private static final Device[] CPU = {Device.cpu()};
    private static final ImageDataset IMAGES = SyntheticImages.of(300, 21, false);
    private static final int EPOCHS = 4;
    private static final int KILLED_AFTER = 2;
    private static final String PARAMS = SavedModel.PARAMS_PREFIX + "-0000.params";

    // One uninterrupted run and one killed after KILLED_AFTER epochs, shared by the tests.
    @TempDir static Path dir;
    private static TrainingResult whole;
    private static Path checkpoint;

    @BeforeAll
    static void trainWholeAndKilled() throws IOException {
        whole = train(Optional.empty(), f -> {}, "whole", new ArrayList<>());
        checkpoint = dir.resolve("checkpoint");
        assertThatThrownBy(
                        () ->
                                train(
                                        Optional.empty(),
                                        killedAfter(checkpoint),
                                        "killed",
                                        new ArrayList<>()))
                .hasMessageContaining("killed");
    }

    @Test
    void aResumedAdamWRunEndsBitIdenticalToAnUninterruptedOne() throws IOException {
        assertThat(checkpoint.resolve(FusedAdam.FILE)).isRegularFile();
        List<String> log = new ArrayList<>();
        TrainingResult resumed = train(Optional.of(checkpoint), f -> {}, "resumed", log);

        assertThat(resumed.resumedFromEpoch()).isEqualTo(KILLED_AFTER);
        assertThat(log)
                .contains(
                        "restored Adam's moments after "
                                + KILLED_AFTER * stepsPerEpoch()
                                + " step(s)");
        assertThat(losses(resumed)).isEqualTo(losses(whole));
        assertThat(Files.readAllBytes(dir.resolve("resumed").resolve(PARAMS)))
                .isEqualTo(Files.readAllBytes(dir.resolve("whole").resolve(PARAMS)));
    }

    @Test
    void withoutTheMomentsTheResumedRunDrifts() throws IOException {
        Path withoutMoments = dir.resolve("without-moments");
        CheckpointFolders.copy(checkpoint, withoutMoments);
        Files.delete(withoutMoments.resolve(FusedAdam.FILE));
        List<String> log = new ArrayList<>();
        TrainingResult resumed = train(Optional.of(withoutMoments), f -> {}, "restarted", log);

        assertThat(log).anyMatch(line -> line.contains("Adam's moments restart"));
        assertThat(losses(resumed).subList(0, KILLED_AFTER))
                .isEqualTo(losses(whole).subList(0, KILLED_AFTER));
        assertThat(Files.readAllBytes(dir.resolve("restarted").resolve(PARAMS)))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("whole").resolve(PARAMS)));
    }

    private static TrainingResult train(
            Optional<Path> checkpoint, CheckpointSink sink, String output, List<String> log)
            throws IOException {
        return new TrainingRun(settings(), CPU, log::add)
                .run(
                        IMAGES,
                        Optional.empty(),
                        checkpoint,
                        sink,
                        Files.createDirectories(dir.resolve(output)),
                        Optional.empty());
    }

    /** A sink that keeps the checkpoint of epoch KILLED_AFTER in {@code saved}, then dies. */
    private static CheckpointSink killedAfter(Path saved) {
        return folder -> {
            if (Checkpoint.read(folder).epoch() == KILLED_AFTER) {
                CheckpointFolders.copy(folder, saved);
                throw new IllegalStateException("killed after epoch " + KILLED_AFTER);
            }
        };
    }

    /** AdamW with a warm-up and a cosine schedule, augmented views, a validation split. */
    private static TrainingSettings settings() {
        return new TrainingSettings(
                ModelSpec.parse("mlp:32"),
                EPOCHS,
                32,
                0.01,
                5,
                "adam",
                0.9,
                0.01,
                0.2,
                true,
                true,
                2,
                0.5,
                "cosine",
                1,
                0,
                0,
                0);
    }

    private static int stepsPerEpoch() {
        TrainingSettings s = settings();
        int train =
                ValidationSplit.of(IMAGES.train().count(), s.validationFraction(), s.seed())
                        .train()
                        .length;
        return (train + s.batchSize() - 1) / s.batchSize();
    }

    private static List<Double> losses(TrainingResult result) {
        return result.history().stream().map(EpochRecord::loss).toList();
    }
}
