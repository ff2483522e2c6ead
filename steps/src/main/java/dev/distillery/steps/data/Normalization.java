package dev.distillery.steps.data;

/**
 * Maps a pixel {@code p} in 0..255 to {@code (p / 255 - mean) / std}, with the mean and standard
 * deviation of the training images; saved with a model so inference normalizes the same way.
 */
public record Normalization(double mean, double std) {

    /** The mean and standard deviation of every pixel of the images {@code samples}. */
    public static Normalization of(LabelledImages images, int[] samples) {
        long[] histogram = new long[256];
        byte[] pixels = images.pixels();
        int size = images.shape().size();
        for (int sample : samples) {
            int offset = sample * size;
            for (int k = 0; k < size; k++) {
                histogram[pixels[offset + k] & 0xff]++;
            }
        }
        double n = Math.max(1, (double) samples.length * size);
        double sum = 0;
        double squares = 0;
        for (int v = 0; v < 256; v++) {
            double x = v / 255.0;
            sum += histogram[v] * x;
            squares += histogram[v] * x * x;
        }
        double mean = sum / n;
        double std = Math.sqrt(Math.max(squares / n - mean * mean, 1e-12));
        return new Normalization(mean, std);
    }

    /** The normalized value of a pixel from 0 to 255. */
    public float apply(int pixel) {
        return (float) ((pixel / 255.0 - mean) / std);
    }
}
