package dev.distillery.steps.data;

/** Counts of each pixel value (0 to 255) per channel, summed over images. */
public final class PixelHistogram {
    private final ImageShape shape;
    private final long[][] counts;

    /** An empty histogram for images of {@code shape}. */
    public PixelHistogram(ImageShape shape) {
        this.shape = shape;
        this.counts = new long[shape.channels()][256];
    }

    /** Adds {@code images} raw images (channels first) found in {@code pixels} from offset. */
    public void add(byte[] pixels, int offset, int images) {
        int plane = shape.height() * shape.width();
        int k = offset;
        for (int s = 0; s < images; s++) {
            for (int c = 0; c < shape.channels(); c++) {
                long[] channel = counts[c];
                for (int i = 0; i < plane; i++) {
                    channel[pixels[k++] & 0xff]++;
                }
            }
        }
    }

    /** Adds the counts of {@code other}. */
    public void add(PixelHistogram other) {
        for (int c = 0; c < counts.length; c++) {
            for (int v = 0; v < 256; v++) {
                counts[c][v] += other.counts[c][v];
            }
        }
    }

    /** Number of channels. */
    public int channels() {
        return counts.length;
    }

    /** The counts of channel {@code channel}, by pixel value. */
    public long[] counts(int channel) {
        return counts[channel].clone();
    }
}
