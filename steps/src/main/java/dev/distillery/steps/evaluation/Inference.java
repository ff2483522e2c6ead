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
import java.util.Optional;

/**
 * Runs a network in evaluation mode (no dropout, batch-norm running statistics) over chosen
 * samples, batch by batch, each batch in its own sub-manager so that nothing of a forward pass
 * outlives it; only the logits are copied out.
 */
public final class Inference {
    private final Block block;
    private final NDManager manager;
    private final Device device;
    private final Normalization normalization;
    private final int batchSize;

    /** Inference with {@code block}, whose parameters live in {@code manager} on {@code device}. */
    public Inference(
            Block block,
            NDManager manager,
            Device device,
            Normalization normalization,
            int batchSize) {
        this.block = block;
        this.manager = manager;
        this.device = device;
        this.normalization = normalization;
        this.batchSize = batchSize;
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
        float[] out = null;
        int classes = 0;
        for (int start = from; start < to; start += batchSize) {
            int end = Math.min(to, start + batchSize);
            float[] batch = batchLogits(images, samples, start, end, augmentation, view);
            if (out == null) {
                classes = batch.length / (end - start);
                out = new float[(to - from) * classes];
            }
            System.arraycopy(batch, 0, out, (start - from) * classes, batch.length);
        }
        return out == null ? new float[0] : out;
    }

    private float[] batchLogits(
            LabelledImages images,
            int[] samples,
            int from,
            int to,
            Optional<Augmentation> augmentation,
            int view) {
        float[] pixels =
                ImageBatch.pixels(images, samples, from, to, normalization, augmentation, view);
        // Every intermediate array of the forward pass lands in this sub-manager and dies with it.
        try (NDManager batchManager = manager.newSubManager(device)) {
            long[] dims = images.shape().dimensions();
            NDArray input =
                    batchManager.create(pixels, new Shape(to - from, dims[0], dims[1], dims[2]));
            ParameterStore parameters = new ParameterStore(batchManager, false);
            NDList output = block.forward(parameters, new NDList(input), false);
            return output.singletonOrThrow().toFloatArray();
        }
    }
}
