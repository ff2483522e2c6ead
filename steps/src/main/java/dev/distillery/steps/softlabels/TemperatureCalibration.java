package dev.distillery.steps.softlabels;

/**
 * Temperature scaling (Guo et al. 2017) of a teacher on held-out samples: the temperature {@code T}
 * that minimizes the negative log-likelihood of {@code softmax(z / T)}, found by a golden-section
 * search over {@code 1 / T} (the NLL is convex in it), with the NLL and the expected calibration
 * error (15 equal-width confidence bins) before and after.
 *
 * @param temperature the calibrated temperature
 * @param nllBefore mean NLL at T = 1
 * @param nllAfter mean NLL at the calibrated temperature
 * @param eceBefore expected calibration error at T = 1
 * @param eceAfter expected calibration error at the calibrated temperature
 */
public record TemperatureCalibration(
        double temperature, double nllBefore, double nllAfter, double eceBefore, double eceAfter) {

    /** The smallest temperature searched. */
    public static final double MIN_TEMPERATURE = 0.05;

    /** The largest temperature searched. */
    public static final double MAX_TEMPERATURE = 20;

    private static final int BINS = 15;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    /** Calibrates on {@code logits} ({@code labels.length x classes}, row after row). */
    public static TemperatureCalibration fit(float[] logits, int[] labels) {
        if (labels.length == 0) {
            throw new IllegalArgumentException("calibration needs at least one sample");
        }
        int classes = logits.length / labels.length;
        double low = 1 / MAX_TEMPERATURE;
        double high = 1 / MIN_TEMPERATURE;
        double a = high - GOLDEN * (high - low);
        double b = low + GOLDEN * (high - low);
        double fa = nll(logits, labels, classes, a);
        double fb = nll(logits, labels, classes, b);
        for (int i = 0; i < 80 && high - low > 1e-6; i++) {
            if (fa < fb) {
                high = b;
                b = a;
                fb = fa;
                a = high - GOLDEN * (high - low);
                fa = nll(logits, labels, classes, a);
            } else {
                low = a;
                a = b;
                fa = fb;
                b = low + GOLDEN * (high - low);
                fb = nll(logits, labels, classes, b);
            }
        }
        double inverse = (low + high) / 2;
        return new TemperatureCalibration(
                1 / inverse,
                nll(logits, labels, classes, 1),
                nll(logits, labels, classes, inverse),
                ece(logits, labels, classes, 1),
                ece(logits, labels, classes, inverse));
    }

    /** The mean negative log-likelihood of {@code softmax(z * inverseTemperature)}. */
    static double nll(float[] logits, int[] labels, int classes, double inverseTemperature) {
        double sum = 0;
        for (int s = 0; s < labels.length; s++) {
            int offset = s * classes;
            sum +=
                    logSumExp(logits, offset, classes, inverseTemperature)
                            - logits[offset + labels[s]] * inverseTemperature;
        }
        return sum / labels.length;
    }

    /** The expected calibration error of {@code softmax(z * inverseTemperature)}. */
    static double ece(float[] logits, int[] labels, int classes, double inverseTemperature) {
        double[] confidence = new double[BINS];
        double[] correct = new double[BINS];
        int[] count = new int[BINS];
        for (int s = 0; s < labels.length; s++) {
            int offset = s * classes;
            int predicted = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[offset + c] > logits[offset + predicted]) {
                    predicted = c;
                }
            }
            double top =
                    Math.exp(
                            logits[offset + predicted] * inverseTemperature
                                    - logSumExp(logits, offset, classes, inverseTemperature));
            int bin = Math.min(BINS - 1, (int) (top * BINS));
            confidence[bin] += top;
            correct[bin] += predicted == labels[s] ? 1 : 0;
            count[bin]++;
        }
        double ece = 0;
        for (int bin = 0; bin < BINS; bin++) {
            if (count[bin] > 0) {
                ece += Math.abs(correct[bin] - confidence[bin]) / labels.length;
            }
        }
        return ece;
    }

    /** {@code logits / T} for every value. */
    public float[] apply(float[] logits) {
        float[] out = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) (logits[i] / temperature);
        }
        return out;
    }

    private static double logSumExp(float[] logits, int offset, int classes, double scale) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, logits[offset + c] * scale);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(logits[offset + c] * scale - max);
        }
        return max + Math.log(sum);
    }
}
