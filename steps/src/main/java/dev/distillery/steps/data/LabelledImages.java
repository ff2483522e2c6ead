package dev.distillery.steps.data;

/**
 * Images with their class labels, held as raw 8-bit pixels (channels first) so that 60,000
 * Fashion-MNIST images take 47 MB of heap; normalization and augmentation happen per batch.
 *
 * @param pixels {@code count * shape.size()} pixels, one image after the other
 * @param labels one class index per image
 * @param shape the shape of every image
 */
public record LabelledImages(byte[] pixels, int[] labels, ImageShape shape) {

    public LabelledImages {
        if ((long) labels.length * shape.size() != pixels.length) {
            throw new IllegalArgumentException(
                    labels.length + " labels do not fit " + pixels.length + " pixels of " + shape);
        }
    }

    /** Number of images. */
    public int count() {
        return labels.length;
    }

    /** The first {@code limit} images, or all of them if there are fewer. */
    public LabelledImages first(int limit) {
        if (limit >= count()) {
            return this;
        }
        byte[] kept = new byte[limit * shape.size()];
        System.arraycopy(pixels, 0, kept, 0, kept.length);
        int[] keptLabels = new int[limit];
        System.arraycopy(labels, 0, keptLabels, 0, limit);
        return new LabelledImages(kept, keptLabels, shape);
    }

    /** The pixel at {@code (channel, row, column)} of image {@code sample}, from 0 to 255. */
    public int pixel(int sample, int channel, int row, int column) {
        int index =
                sample * shape.size() + (channel * shape.height() + row) * shape.width() + column;
        return pixels[index] & 0xff;
    }
}
