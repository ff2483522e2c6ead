package dev.distillery.steps.softlabels;

import dev.distillery.contract.DistilleryException;

/**
 * How an ensemble's member logits become one teacher: {@link #PROBABILITIES}, the log of the mean
 * of the members' softmax probabilities (Hinton et al. 2015: the ensemble's mean distribution,
 * stored as log-probabilities, a valid logit vector), or {@link #LOGITS}, the mean of the raw
 * logits (a geometric mean of the distributions, sharper where members agree).
 */
public enum EnsembleCombination {
    /** {@code log(mean_m softmax(z_m))}, computed stably as a log-sum-exp. */
    PROBABILITIES("probabilities", "log-mean-softmax"),
    /** {@code mean_m z_m}. */
    LOGITS("logits", "mean-logits");

    private final String flag;
    private final String stored;

    EnsembleCombination(String flag, String stored) {
        this.flag = flag;
        this.stored = stored;
    }

    /** The combination named by {@code --ensemble-combine}. */
    public static EnsembleCombination fromFlag(String value) {
        for (EnsembleCombination c : values()) {
            if (c.flag.equals(value)) {
                return c;
            }
        }
        throw DistilleryException.badInput(
                "--ensemble-combine must be probabilities or logits, got '" + value + "'");
    }

    /** The value of {@code --ensemble-combine}. */
    public String flag() {
        return flag;
    }

    /** The name stored in the soft labels' header and metrics. */
    public String stored() {
        return stored;
    }

    /**
     * The combined logits of {@code samples} rows of {@code classes} values: {@code members[m]}
     * holds member {@code m}'s rows.
     */
    public float[] combine(float[][] members, int samples) {
        if (members.length == 1) {
            return members[0];
        }
        int classes = members[0].length / Math.max(1, samples);
        float[] out = new float[members[0].length];
        for (int s = 0; s < samples; s++) {
            int offset = s * classes;
            if (this == LOGITS) {
                for (int c = 0; c < classes; c++) {
                    double sum = 0;
                    for (float[] member : members) {
                        sum += member[offset + c];
                    }
                    out[offset + c] = (float) (sum / members.length);
                }
            } else {
                logMeanSoftmax(members, offset, classes, out);
            }
        }
        return out;
    }

    private static void logMeanSoftmax(float[][] members, int offset, int classes, float[] out) {
        double[][] logSoftmax = new double[members.length][];
        for (int m = 0; m < members.length; m++) {
            logSoftmax[m] = logSoftmax(members[m], offset, classes);
        }
        for (int c = 0; c < classes; c++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double[] member : logSoftmax) {
                max = Math.max(max, member[c]);
            }
            double sum = 0;
            for (double[] member : logSoftmax) {
                sum += Math.exp(member[c] - max);
            }
            out[offset + c] = (float) (max + Math.log(sum / members.length));
        }
    }

    /** {@code log softmax} of the row of {@code classes} values at {@code offset}. */
    static double[] logSoftmax(float[] logits, int offset, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, logits[offset + c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(logits[offset + c] - max);
        }
        double logSum = max + Math.log(sum);
        double[] out = new double[classes];
        for (int c = 0; c < classes; c++) {
            out[c] = logits[offset + c] - logSum;
        }
        return out;
    }
}
