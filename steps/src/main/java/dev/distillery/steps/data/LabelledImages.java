package dev.distillery.steps.data;

/**
 * Images with their class labels, read one image at a time as raw 8-bit pixels (channels first), so
 * a dataset never has to fit in memory: IDX files are held as bytes ({@link ImagesInMemory}), image
 * folders are decoded from disk when a batch needs them ({@link ImageFiles}). Normalization and
 * augmentation happen per batch. Implementations are safe to read from several threads.
 */
public interface LabelledImages {

    /** Number of images. */
    int count();

    /** The shape of every image. */
    ImageShape shape();

    /** One class index per image. */
    int[] labels();

    /**
     * Copies the {@code shape().size()} raw pixels (0 to 255, channels first) of image {@code
     * sample} into {@code into} from {@code offset}.
     */
    void read(int sample, byte[] into, int offset);

    /** The first {@code limit} images, or all of them if there are fewer. */
    LabelledImages first(int limit);

    /** The raw pixels of image {@code sample}. */
    default byte[] read(int sample) {
        byte[] pixels = new byte[shape().size()];
        read(sample, pixels, 0);
        return pixels;
    }

    /** The pixel at {@code (channel, row, column)} of image {@code sample}, from 0 to 255. */
    default int pixel(int sample, int channel, int row, int column) {
        ImageShape shape = shape();
        return read(sample)[(channel * shape.height() + row) * shape.width() + column] & 0xff;
    }
}
