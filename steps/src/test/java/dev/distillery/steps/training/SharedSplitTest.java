package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.ImagesInMemory;
import dev.distillery.steps.data.ValidationSplit;
import dev.distillery.steps.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Networks trained with different seeds but one split seed hold out the same samples, and their
 * normalization is computed from the training part alone: held-out images never shape a model.
 */
class SharedSplitTest {
    private static final long SPLIT_SEED = 9;
    private static final double FRACTION = 0.25;

    @TempDir Path dir;

    @Test
    void membersWithOwnSeedsHoldOutTheSplitOfTheSplitSeedAndNormalizeWithoutIt()
            throws IOException {
        ImageDataset data = SyntheticImages.of(200, 4, false);
        ValidationSplit split = ValidationSplit.of(200, FRACTION, SPLIT_SEED);
        // The held-out images are white: a normalization that saw them has a higher mean.
        byte[] pixels = ((ImagesInMemory) data.train()).pixels();
        int size = data.shape().size();
        for (int sample : split.validation()) {
            java.util.Arrays.fill(pixels, sample * size, (sample + 1) * size, (byte) 255);
        }
        double sum = 0;
        for (int sample : split.train()) {
            for (int k = 0; k < size; k++) {
                sum += (pixels[sample * size + k] & 0xff) / 255.0;
            }
        }
        double trainingMean = sum / ((double) split.train().length * size);

        for (long seed : new long[] {1, 2}) {
            TrainingResult result = train(data, seed, "member-" + seed);
            assertThat(result.trainSamples()).isEqualTo(split.train().length);
            assertThat(result.description().mean())
                    .as("member of seed %d", seed)
                    .isCloseTo(trainingMean, within(1e-9));
        }
    }

    private TrainingResult train(ImageDataset data, long seed, String output) throws IOException {
        TrainingSettings settings =
                new TrainingSettings(
                        ModelSpec.parse("mlp:8"),
                        1,
                        32,
                        0.01,
                        seed,
                        "adam",
                        0.9,
                        0,
                        FRACTION,
                        false,
                        false,
                        2,
                        0.5,
                        "constant",
                        0,
                        0,
                        0,
                        0,
                        SPLIT_SEED);
        return new TrainingRun(settings, new Device[] {Device.cpu()}, line -> {})
                .run(
                        data,
                        Optional.empty(),
                        Optional.empty(),
                        folder -> {},
                        Files.createDirectories(dir.resolve(output)),
                        Optional.empty());
    }
}
