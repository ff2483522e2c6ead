package dev.distillery.steps.softlabels;

/**
 * Top-1 accuracy of combined teacher logits: how good the ensemble that teaches the students is, as
 * one model (its members' mean accuracy understates it).
 */
public final class EnsembleAccuracy {

    private EnsembleAccuracy() {}

    /**
     * The share of {@code labels} whose row of {@code logits} (row-major) has its maximum there.
     */
    public static double of(float[] logits, int[] labels) {
        if (labels.length == 0) {
            throw new IllegalArgumentException("no samples to score");
        }
        int classes = logits.length / labels.length;
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[i * classes + c] > logits[i * classes + best]) {
                    best = c;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }
}
