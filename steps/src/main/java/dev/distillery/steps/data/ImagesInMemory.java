package dev.distillery.steps.data;

/**
 * Images held in memory as raw 8-bit pixels, one image after the other, so that 60,000
 * Fashion-MNIST images take 47 MB of heap (at most about 2 GiB: one Java array).
 *
 * @param pixels {@code count * shape.size()} pixels, one image after the other
 * @param labels one class index per image
 * @param shape the shape of every image
 */
public record ImagesInMemory(byte[] pixels, int[] labels, ImageShape shape)
        implements LabelledImages {

    public ImagesInMemory {
        if ((long) labels.length * shape.size() != pixels.length) {
            throw new IllegalArgumentException(
                    labels.length + " labels do not fit " + pixels.length + " pixels of " + shape);
        }
    }

    @Override
    public int count() {
        return labels.length;
    }

    @Override
    public void read(int sample, byte[] into, int offset) {
        int size = shape.size();
        System.arraycopy(pixels, Math.toIntExact((long) sample * size), into, offset, size);
    }

    @Override
    public ImagesInMemory first(int limit) {
        if (limit >= count()) {
            return this;
        }
        byte[] kept = new byte[Math.toIntExact((long) limit * shape.size())];
        System.arraycopy(pixels, 0, kept, 0, kept.length);
        int[] keptLabels = new int[limit];
        System.arraycopy(labels, 0, keptLabels, 0, limit);
        return new ImagesInMemory(kept, keptLabels, shape);
    }
}
