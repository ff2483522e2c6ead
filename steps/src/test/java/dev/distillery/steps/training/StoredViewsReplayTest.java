package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.ImageBatch;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.data.Normalization;
import dev.distillery.steps.softlabels.SoftLabelHeader;
import dev.distillery.steps.softlabels.SoftLabelWriter;
import dev.distillery.steps.softlabels.SoftLabels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A student trained on K stored augmented views for more than K epochs sees, in every epoch, the
 * pixels of exactly the view whose logits it is given: view {@code (epoch - 1) mod K}.
 */
class StoredViewsReplayTest {
    private static final int VIEWS = 2;
    private static final int EPOCHS = 5;
    private static final LabelledImages IMAGES = SyntheticImages.of(40, 3, false).train();
    private static final Augmentation AUGMENTATION = Augmentation.of(7, true);
    // (p / 255 - 0) / (1 / 255) = p: the batch holds the raw pixel values, so they can be summed.
    private static final Normalization RAW = new Normalization(0, 1 / 255.0);

    @TempDir Path dir;

    @Test
    void everyEpochTrainsOnTheViewItsLogitsWereComputedOn() throws IOException {
        StoredTeacher teacher = new StoredTeacher(storedViews());
        TrainingBatches batches =
                new TrainingBatches(
                        IMAGES, RAW, teacher.requiredAugmentation(), Optional.of(teacher));
        int[] order = allSamples();
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            TrainingBatches.HostBatch batch = batches.assemble(epoch, order, 0, order.length);
            float[] logits = batch.taught().orElseThrow().logits();
            for (int i = 0; i < order.length; i++) {
                float[] pixels = new float[IMAGES.shape().size()];
                System.arraycopy(batch.pixels(), i * pixels.length, pixels, 0, pixels.length);
                assertThat(new float[] {logits[2 * i], logits[2 * i + 1]})
                        .as("epoch %d, sample %d", epoch, order[i])
                        .containsExactly(fingerprint(pixels), within(1e-3f));
            }
        }
        // Epoch K + 1 repeats epoch 1's view, pixel for pixel.
        assertThat(batches.assemble(VIEWS + 1, order, 0, order.length).pixels())
                .containsExactly(batches.assemble(1, order, 0, order.length).pixels());
    }

    /** Logits of K views, each a fingerprint of exactly the pixels of that view of the sample. */
    private SoftLabels storedViews() throws IOException {
        int[] order = allSamples();
        float[][] perView = new float[VIEWS][];
        for (int view = 0; view < VIEWS; view++) {
            float[] pixels =
                    ImageBatch.pixels(
                            IMAGES, order, 0, order.length, RAW, Optional.of(AUGMENTATION), view);
            int size = IMAGES.shape().size();
            perView[view] = new float[2 * order.length];
            for (int i = 0; i < order.length; i++) {
                float[] one = new float[size];
                System.arraycopy(pixels, i * size, one, 0, size);
                float[] print = fingerprint(one);
                perView[view][2 * i] = print[0];
                perView[view][2 * i + 1] = print[1];
            }
        }
        SoftLabelHeader header =
                new SoftLabelHeader(
                        order.length,
                        2,
                        0,
                        order.length,
                        0,
                        1,
                        "fp32",
                        VIEWS,
                        AUGMENTATION.seed(),
                        AUGMENTATION.maxShift(),
                        AUGMENTATION.flip(),
                        "single",
                        List.of("fingerprint"));
        Path folder = dir.resolve("soft");
        SoftLabelWriter.write(folder, header, perView);
        return SoftLabels.read("file://" + folder, List.of(folder));
    }

    /** Two numbers that change when an image moves: the weighted sums of its rows and columns. */
    private static float[] fingerprint(float[] pixels) {
        int width = IMAGES.shape().width();
        float rows = 0;
        float columns = 0;
        for (int k = 0; k < pixels.length; k++) {
            rows += pixels[k] * (k / width) / 1000f;
            columns += pixels[k] * (k % width) / 1000f;
        }
        return new float[] {rows, columns};
    }

    private static int[] allSamples() {
        int[] all = new int[IMAGES.count()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }
}
