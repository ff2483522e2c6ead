package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training on N replicas equals one-device training on the same global batch: the
 * slices' mean losses are weighted by their shares (an average, not N times the gradient), the
 * optimizer and its schedule count one update per batch (not one per replica), and a last batch
 * that does not split evenly (5 samples on 4 replicas) trains like any other. DJL names every CPU
 * {@code cpu()}, so the replicas here share the CPU, each with its own copy of the parameters.
 */
class DataParallelTest {
    private static final Device[] ONE = {Device.cpu()};
    private static final Device[] FOUR = {Device.cpu(), Device.cpu(), Device.cpu(), Device.cpu()};
    // 290 samples, 10 % held out: 261 to train = 8 batches of 32 and a last batch of 5.
    private static final ImageDataset IMAGES = SyntheticImages.of(290, 11, false);

    @TempDir Path dir;

    @Test
    void slicesAreEvenNeverEmptyAndWeightedByTheirShare() {
        assertThat(BatchSlices.of(5, 4).sizes()).containsExactly(2, 1, 1, 1);
        assertThat(BatchSlices.of(3, 4).sizes()).containsExactly(1, 1, 1);
        assertThat(BatchSlices.of(128, 3).sizes()).containsExactly(43, 43, 42);
        BatchSlices five = BatchSlices.of(5, 4);
        assertThat(five.start(3)).isEqualTo(4);
        assertThat(five.share(0) + five.share(1) + five.share(2) + five.share(3))
                .isCloseTo(1, within(1e-12));
        assertThat(five.share(0)).isEqualTo(0.4);
    }

    @Test
    void theLastBatchDoesNotSplitEvenly() {
        TrainingSettings s = settings("adam", "cosine", 1);
        int train = ValidationSplit.of(290, s.validationFraction(), s.seed()).train().length;
        assertThat(train % s.batchSize()).isEqualTo(5);
    }

    @Test
    void adamWithWarmUpAndCosineOnFourReplicasEqualsOneDevice() throws IOException {
        assertSameTraining(settings("adam", "cosine", 1));
    }

    @Test
    void sgdWithMomentumOnFourReplicasEqualsOneDevice() throws IOException {
        assertSameTraining(settings("sgd", "constant", 0));
    }

    @Test
    void aConvolutionalNetworkWithBatchNormTrainsOnFourReplicas() throws IOException {
        TrainingSettings s =
                new TrainingSettings(
                        ModelSpec.parse("cnn:4;head=8"),
                        2,
                        32,
                        0.01,
                        3,
                        "adam",
                        0.9,
                        0,
                        0.1,
                        false,
                        false,
                        2,
                        0.5);
        TrainingResult four = train(s, FOUR, "cnn-four");
        // Batch-norm statistics are per replica, as in PyTorch's DDP: close, not equal.
        assertThat(four.history()).hasSize(2);
        assertThat(four.history().get(1).loss()).isFinite();
        assertThat(four.validation().orElseThrow().accuracy()).isGreaterThan(0.5);
    }

    private void assertSameTraining(TrainingSettings settings) throws IOException {
        TrainingResult one = train(settings, ONE, settings.optimizer() + "-one");
        TrainingResult four = train(settings, FOUR, settings.optimizer() + "-four");
        for (int e = 0; e < settings.epochs(); e++) {
            assertThat(four.history().get(e).loss())
                    .as("epoch %d loss", e + 1)
                    .isCloseTo(one.history().get(e).loss(), within(1e-5));
            assertThat(four.history().get(e).trainAccuracy())
                    .isEqualTo(one.history().get(e).trainAccuracy());
        }
        List<float[]> a = parameters(dir.resolve(settings.optimizer() + "-one"));
        List<float[]> b = parameters(dir.resolve(settings.optimizer() + "-four"));
        assertThat(b).hasSameSizeAs(a);
        for (int p = 0; p < a.size(); p++) {
            assertThat(b.get(p)).as("parameter %d", p).containsExactly(a.get(p), within(2e-5f));
        }
    }

    private TrainingResult train(TrainingSettings settings, Device[] devices, String output)
            throws IOException {
        List<String> log = new ArrayList<>();
        return new TrainingRun(settings, devices, log::add)
                .run(
                        IMAGES,
                        Optional.empty(),
                        Optional.empty(),
                        folder -> {},
                        Files.createDirectories(dir.resolve(output)),
                        Optional.empty());
    }

    private static List<float[]> parameters(Path folder) throws IOException {
        List<float[]> values = new ArrayList<>();
        try (Model model = SavedModel.load(folder, Device.cpu())) {
            for (var pair : model.getBlock().getParameters()) {
                values.add(pair.getValue().getArray().toFloatArray());
            }
        }
        return values;
    }

    private static TrainingSettings settings(String optimizer, String schedule, int warmup) {
        return new TrainingSettings(
                ModelSpec.parse("mlp:16"),
                3,
                32,
                optimizer.equals("sgd") ? 0.1 : 0.01,
                7,
                optimizer,
                0.9,
                0,
                0.1,
                false,
                false,
                2,
                0.5,
                schedule,
                warmup,
                0,
                0,
                0);
    }
}
