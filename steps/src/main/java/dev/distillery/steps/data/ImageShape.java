package dev.distillery.steps.data;

/** The shape of one image, channels first, as the networks see it. */
public record ImageShape(int channels, int height, int width) {

    /** Number of values in one image. */
    public int size() {
        return channels * height * width;
    }

    /** The shape as a DJL-style array: channels, height, width. */
    public long[] dimensions() {
        return new long[] {channels, height, width};
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
