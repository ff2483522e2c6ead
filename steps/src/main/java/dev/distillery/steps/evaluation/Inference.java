package dev.distillery.steps.evaluation;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.ImageBatch;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.data.Normalization;
import dev.distillery.steps.data.ReadAhead;
import java.util.Optional;

/**
 * Runs a network in evaluation mode (no dropout, batch-norm running statistics) over chosen
 * samples, batch by batch, each batch in its own sub-manager so that nothing of a forward pass
 * outlives it; only the logits are copied out. Batches are decoded and normalized ahead on the
 * read-ahead's worker threads, if it has any.
 */
public final class Inference {
    private final Block block;
    private final NDManager manager;
    private final Device device;
    private final Normalization normalization;
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
        this.block = block;
        this.manager = manager;
        this.device = device;
        this.normalization = normalization;
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
        long[] dims = images.shape().dimensions();
        try (ReadAhead.Results<float[]> batches =
                readAhead.inOrder(
                        count,
                        b -> {
                            int start = from + b * batchSize;
                            int end = Math.min(to, start + batchSize);
                            return normalization.apply(
                                    ImageBatch.raw(
                                            images, samples, start, end, augmentation, view));
                        })) {
            for (int b = 0; batches.hasNext(); b++) {
                int start = from + b * batchSize;
                int rows = Math.min(to, start + batchSize) - start;
                float[] logits = forward(batches.next(), rows, dims);
                sink.accept(start - from, rows, logits);
            }
        }
    }

    private float[] forward(float[] pixels, int rows, long[] dims) {
        // Every intermediate array of the forward pass lands in this sub-manager and dies with it.
        try (NDManager batchManager = manager.newSubManager(device)) {
            NDArray input = batchManager.create(pixels, new Shape(rows, dims[0], dims[1], dims[2]));
            ParameterStore parameters = new ParameterStore(batchManager, false);
            NDList output = block.forward(parameters, new NDList(input), false);
            return output.singletonOrThrow().toFloatArray();
        }
    }
}
