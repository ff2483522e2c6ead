package dev.distillery.steps.data;

import java.util.Arrays;

/**
 * Maps a pixel {@code p} in 0..255 of channel {@code c} to {@code (p / 255 - mean[c]) / std[c]},
 * with the per-channel mean and standard deviation of the training images; saved with a model so
 * inference normalizes the same way.
 *
 * @param mean one mean per channel, in pixel/255 units
 * @param std one standard deviation per channel, in pixel/255 units
 */
public record Normalization(double[] mean, double[] std) {

    public Normalization {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException(
                    "one mean and one std per channel, got " + mean.length + " and " + std.length);
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** One mean and standard deviation for one channel (grayscale). */
    public Normalization(double mean, double std) {
        this(new double[] {mean}, new double[] {std});
    }

    /** The same mean and standard deviation for each of {@code channels} channels. */
    public static Normalization uniform(double mean, double std, int channels) {
        double[] means = new double[channels];
        double[] stds = new double[channels];
        Arrays.fill(means, mean);
        Arrays.fill(stds, std);
        return new Normalization(means, stds);
    }

    /** Per-channel statistics from per-channel histograms of pixel values. */
    public static Normalization of(PixelHistogram histogram) {
        int channels = histogram.channels();
        double[] means = new double[channels];
        double[] stds = new double[channels];
        for (int c = 0; c < channels; c++) {
            long[] counts = histogram.counts(c);
            double n = 0;
            double sum = 0;
            double squares = 0;
            for (int v = 0; v < 256; v++) {
                double x = v / 255.0;
                n += counts[v];
                sum += counts[v] * x;
                squares += counts[v] * x * x;
            }
            n = Math.max(1, n);
            means[c] = sum / n;
            stds[c] = Math.sqrt(Math.max(squares / n - means[c] * means[c], 1e-12));
        }
        return new Normalization(means, stds);
    }

    /** The per-channel mean and standard deviation of the images {@code samples}. */
    public static Normalization of(LabelledImages images, int[] samples) {
        PixelHistogram histogram = new PixelHistogram(images.shape());
        byte[] one = new byte[images.shape().size()];
        for (int sample : samples) {
            images.read(sample, one, 0);
            histogram.add(one, 0, 1);
        }
        return of(histogram);
    }

    /**
     * The per-channel mean and standard deviation of the images {@code samples}, read in chunks on
     * {@code readAhead}'s worker threads.
     */
    public static Normalization of(LabelledImages images, int[] samples, ReadAhead readAhead) {
        int chunk = 256;
        int size = images.shape().size();
        PixelHistogram total = new PixelHistogram(images.shape());
        int count = (samples.length + chunk - 1) / chunk;
        try (ReadAhead.Results<PixelHistogram> parts =
                readAhead.inOrder(
                        count,
                        c -> {
                            PixelHistogram part = new PixelHistogram(images.shape());
                            byte[] one = new byte[size];
                            int end = Math.min(samples.length, (c + 1) * chunk);
                            for (int i = c * chunk; i < end; i++) {
                                images.read(samples[i], one, 0);
                                part.add(one, 0, 1);
                            }
                            return part;
                        })) {
            while (parts.hasNext()) {
                total.add(parts.next());
            }
        }
        return of(total);
    }

    /** Number of channels. */
    public int channels() {
        return mean.length;
    }

    /** The normalized value of a pixel from 0 to 255 of channel {@code channel}. */
    public float apply(int channel, int pixel) {
        return (float) ((pixel / 255.0 - mean[channel]) / std[channel]);
    }

    /**
     * The normalized pixels of {@code batch}, channels first: one lookup table per channel. A
     * one-channel normalization applies to every channel.
     */
    public float[] apply(ViewBatch batch) {
        ImageShape shape = batch.shape();
        float[][] lookup = new float[shape.channels()][256];
        for (int c = 0; c < shape.channels(); c++) {
            int channel = channels() == 1 ? 0 : c;
            for (int p = 0; p < 256; p++) {
                lookup[c][p] = apply(channel, p);
            }
        }
        byte[] raw = batch.pixels();
        float[] out = new float[raw.length];
        int plane = shape.height() * shape.width();
        int k = 0;
        for (int s = 0; s < batch.size(); s++) {
            for (int c = 0; c < shape.channels(); c++) {
                float[] table = lookup[c];
                for (int i = 0; i < plane; i++, k++) {
                    out[k] = table[raw[k] & 0xff];
                }
            }
        }
        return out;
    }
}
