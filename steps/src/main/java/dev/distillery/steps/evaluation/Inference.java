package dev.distillery.steps.evaluation;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.ImageBatch;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.data.Normalization;
import dev.distillery.steps.data.ReadAhead;
import java.util.Optional;

/**
 * Runs a network in evaluation mode (no dropout, batch-norm running statistics) over chosen
 * samples, batch by batch, each batch in its own sub-manager so that nothing of a forward pass
 * outlives it; only the logits are copied out. Batches are decoded and prepared (normalized, or
 * turned into an imported teacher's input) ahead on the read-ahead's worker threads, if it has any.
 */
public final class Inference {
    private final Classifier classifier;
    private final int batchSize;
    private final ReadAhead readAhead;

    /** Inference with {@code block}, whose parameters live in {@code manager} on {@code device}. */
    public Inference(
            Block block,
            NDManager manager,
            Device device,
            Normalization normalization,
            int batchSize) {
        this(block, manager, device, normalization, batchSize, new ReadAhead(0));
    }

    /** As above, batches prepared by {@code readAhead} (which the caller closes). */
    public Inference(
            Block block,
            NDManager manager,
            Device device,
            Normalization normalization,
            int batchSize,
            ReadAhead readAhead) {
        this(new NetworkClassifier(block, manager, device, normalization), batchSize, readAhead);
    }

    /**
     * Inference with {@code classifier} (which the caller closes), batches prepared by {@code
     * readAhead} (which the caller closes).
     */
    public Inference(Classifier classifier, int batchSize, ReadAhead readAhead) {
        this.classifier = classifier;
        this.batchSize = batchSize;
        this.readAhead = readAhead;
    }

    /** Receives the logits of consecutive batches. */
    @FunctionalInterface
    public interface LogitsSink {
        /**
         * The logits of {@code rows} samples starting at position {@code start} of the requested
         * range, row after row.
         */
        void accept(int start, int rows, float[] logits);
    }

    /**
     * The logits of {@code samples[from..to)}, row after row ({@code (to - from) x classes}), each
     * sample seen through view {@code view} of {@code augmentation} if present.
     */
    public float[] logits(
            LabelledImages images,
            int[] samples,
            int from,
            int to,
            Optional<Augmentation> augmentation,
            int view) {
        float[][] out = new float[1][];
        stream(
                images,
                samples,
                from,
                to,
                augmentation,
                view,
                (start, rows, batch) -> {
                    if (out[0] == null) {
                        out[0] = new float[(to - from) * (batch.length / rows)];
                    }
                    System.arraycopy(batch, 0, out[0], start * (batch.length / rows), batch.length);
                });
        return out[0] == null ? new float[0] : out[0];
    }

    /**
     * Hands the logits of {@code samples[from..to)} to {@code sink} batch by batch, in order, so no
     * more than a few batches of logits are ever held.
     */
    public void stream(
            LabelledImages images,
            int[] samples,
            int from,
            int to,
            Optional<Augmentation> augmentation,
            int view,
            LogitsSink sink) {
        int count = (to - from + batchSize - 1) / batchSize;
        try (ReadAhead.Results<Classifier.Input> batches =
                readAhead.inOrder(
                        count,
                        b -> {
                            int start = from + b * batchSize;
                            int end = Math.min(to, start + batchSize);
                            return classifier.prepare(
                                    ImageBatch.raw(
                                            images, samples, start, end, augmentation, view));
                        })) {
            for (int b = 0; batches.hasNext(); b++) {
                int start = from + b * batchSize;
                int rows = Math.min(to, start + batchSize) - start;
                float[] logits = classifier.logits(batches.next());
                sink.accept(start - from, rows, logits);
            }
        }
    }
}
