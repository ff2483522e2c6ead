package dev.distillery.steps.data;

/**
 * The samples of one batch as a network sees them before normalization: which samples, which
 * augmentation view, and the raw pixels of that view of each (channels first, one after the other).
 *
 * @param samples the sample indices, in batch order
 * @param view the augmentation view the pixels show (0 without augmentation)
 * @param pixels {@code samples.length * shape.size()} raw pixels
 * @param shape the shape of one image
 */
public record ViewBatch(int[] samples, int view, byte[] pixels, ImageShape shape) {

    /** Number of samples. */
    public int size() {
        return samples.length;
    }
}
