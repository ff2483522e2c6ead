package dev.distillery.steps.data;

import java.util.Arrays;
import java.util.Optional;

/**
 * Assembles batches of images: the raw pixels of the chosen view of each sample ({@link
 * ViewBatch}), then normalized into one float array, channels first, ready to become an {@code
 * NDArray} of shape {@code (batch, C, H, W)}.
 */
public final class ImageBatch {

    private ImageBatch() {}

    /**
     * The raw pixels of {@code samples[from..to)}, each seen through view {@code view} of {@code
     * augmentation} if present.
     */
    public static ViewBatch raw(
            LabelledImages images,
            int[] samples,
            int from,
            int to,
            Optional<Augmentation> augmentation,
            int view) {
        ImageShape shape = images.shape();
        int size = shape.size();
        byte[] out = new byte[Math.toIntExact((long) (to - from) * size)];
        byte[] source = augmentation.isPresent() ? new byte[size] : null;
        for (int i = from; i < to; i++) {
            int offset = (i - from) * size;
            if (augmentation.isEmpty()) {
                images.read(samples[i], out, offset);
            } else {
                images.read(samples[i], source, 0);
                augmentation.get().view(samples[i], view).apply(source, shape, out, offset);
            }
        }
        return new ViewBatch(Arrays.copyOfRange(samples, from, to), view, out, shape);
    }

    /**
     * The normalized pixels of {@code samples[from..to)}, each seen through view {@code view} of
     * {@code augmentation} if present.
     */
    public static float[] pixels(
            LabelledImages images,
            int[] samples,
            int from,
            int to,
            Normalization normalization,
            Optional<Augmentation> augmentation,
            int view) {
        return normalization.apply(raw(images, samples, from, to, augmentation, view));
    }

    /** The labels of {@code samples[from..to)}. */
    public static int[] labels(LabelledImages images, int[] samples, int from, int to) {
        int[] all = images.labels();
        int[] out = new int[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = all[samples[i]];
        }
        return out;
    }
}
