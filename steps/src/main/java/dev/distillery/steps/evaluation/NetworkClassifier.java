package dev.distillery.steps.evaluation;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.distillery.steps.data.Normalization;
import dev.distillery.steps.data.ViewBatch;
import dev.distillery.steps.model.ModelDescription;
import java.util.Optional;

/** A network built from DJL blocks (trained here), run in evaluation mode. */
public final class NetworkClassifier implements Classifier {
    private final Block block;
    private final NDManager manager;
    private final Device device;
    private final Normalization normalization;
    private final Optional<Model> owned;

    /** {@code block}, whose parameters live in {@code manager} on {@code device}; not owned. */
    public NetworkClassifier(
            Block block, NDManager manager, Device device, Normalization normalization) {
        this(block, manager, device, normalization, Optional.empty());
    }

    private NetworkClassifier(
            Block block,
            NDManager manager,
            Device device,
            Normalization normalization,
            Optional<Model> owned) {
        this.block = block;
        this.manager = manager;
        this.device = device;
        this.normalization = normalization;
        this.owned = owned;
    }

    /** A classifier that owns {@code model} (closed with it), described by {@code description}. */
    public static NetworkClassifier owning(Model model, ModelDescription description) {
        return new NetworkClassifier(
                model.getBlock(),
                model.getNDManager(),
                model.getNDManager().getDevice(),
                description.normalization(),
                Optional.of(model));
    }

    @Override
    public Input prepare(ViewBatch batch) {
        long[] d = batch.shape().dimensions();
        return new Input(
                normalization.apply(batch),
                new long[] {batch.size(), d[0], d[1], d[2]},
                batch.size());
    }

    @Override
    public float[] logits(Input input) {
        // Every intermediate array of the forward pass lands in this sub-manager and dies with it.
        try (NDManager batchManager = manager.newSubManager(device)) {
            NDArray x = batchManager.create(input.values(), new Shape(input.shape()));
            ParameterStore parameters = new ParameterStore(batchManager, false);
            NDList output = block.forward(parameters, new NDList(x), false);
            return output.singletonOrThrow().toFloatArray();
        }
    }

    @Override
    public void close() {
        owned.ifPresent(Model::close);
    }
}
