package dev.distillery.steps.evaluation;

/**
 * How a network did on a set of labelled samples.
 *
 * @param samples the number of samples evaluated
 * @param accuracy top-1 accuracy
 * @param loss mean softmax cross-entropy against the hard labels
 * @param perClassAccuracy top-1 accuracy of the samples of each class (NaN for a class without
 *     samples)
 */
public record ModelEvaluation(
        int samples, double accuracy, double loss, double[] perClassAccuracy) {

    /** Scores the logits of {@code labels.length} samples ({@code classes} logits each). */
    public static ModelEvaluation score(float[] logits, int[] labels, int classes) {
        int[] correct = new int[classes];
        int[] seen = new int[classes];
        int[] predicted = predictions(logits, classes);
        double lossSum = 0;
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            int offset = i * classes;
            int best = predicted[i];
            double max = logits[offset + best];
            double sumExp = 0;
            for (int c = 0; c < classes; c++) {
                sumExp += Math.exp(logits[offset + c] - max);
            }
            lossSum += Math.log(sumExp) + max - logits[offset + labels[i]];
            seen[labels[i]]++;
            if (best == labels[i]) {
                correct[labels[i]]++;
                right++;
            }
        }
        double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) {
            perClass[c] = seen[c] == 0 ? Double.NaN : (double) correct[c] / seen[c];
        }
        int n = labels.length;
        return new ModelEvaluation(
                n,
                n == 0 ? Double.NaN : (double) right / n,
                n == 0 ? Double.NaN : lossSum / n,
                perClass);
    }

    /** The top-1 class of each sample ({@code classes} logits each; the first on a tie). */
    public static int[] predictions(float[] logits, int classes) {
        int[] predicted = new int[logits.length / classes];
        for (int i = 0; i < predicted.length; i++) {
            int offset = i * classes;
            int best = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                if (logits[offset + c] > max) {
                    max = logits[offset + c];
                    best = c;
                }
            }
            predicted[i] = best;
        }
        return predicted;
    }
}
