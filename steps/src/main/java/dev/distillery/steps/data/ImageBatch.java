package dev.distillery.steps.data;

import java.util.Optional;

/**
 * Assembles the normalized, optionally augmented pixels of a batch of samples into one float array,
 * channels first, ready to become an {@code NDArray} of shape {@code (batch, C, H, W)}.
 */
public final class ImageBatch {

    private ImageBatch() {}

    /**
     * The pixels of {@code samples[from..to)}, each seen through view {@code view} of {@code
     * augmentation} if present.
     */
    public static float[] pixels(
            LabelledImages images,
            int[] samples,
            int from,
            int to,
            Normalization normalization,
            Optional<Augmentation> augmentation,
            int view) {
        ImageShape shape = images.shape();
        int size = shape.size();
        float[] out = new float[(to - from) * size];
        float[] lookup = new float[256];
        for (int p = 0; p < 256; p++) {
            lookup[p] = normalization.apply(p);
        }
        byte[] pixels = images.pixels();
        for (int i = from; i < to; i++) {
            int sample = samples[i];
            int base = (i - from) * size;
            if (augmentation.isEmpty()) {
                int offset = sample * size;
                for (int k = 0; k < size; k++) {
                    out[base + k] = lookup[pixels[offset + k] & 0xff];
                }
                continue;
            }
            Augmentation.View v = augmentation.get().view(sample, view);
            int k = base;
            for (int c = 0; c < shape.channels(); c++) {
                for (int r = 0; r < shape.height(); r++) {
                    for (int col = 0; col < shape.width(); col++) {
                        out[k++] = lookup[v.pixel(images, sample, c, r, col)];
                    }
                }
            }
        }
        return out;
    }

    /** The labels of {@code samples[from..to)}. */
    public static int[] labels(LabelledImages images, int[] samples, int from, int to) {
        int[] out = new int[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = images.labels()[samples[i]];
        }
        return out;
    }
}
