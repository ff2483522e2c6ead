package dev.distillery.steps.evaluation;

import dev.distillery.steps.data.ViewBatch;

/**
 * A loaded network that classifies images: it turns a batch of raw views into its own input (any
 * thread), then runs its forward pass on that input (the engine's thread), giving raw logits in the
 * data's class order. A network trained here and an imported teacher look the same to the code that
 * runs them.
 */
public interface Classifier extends AutoCloseable {

    /** The network's input for {@code batch}: normalized, resized and laid out its own way. */
    Input prepare(ViewBatch batch);

    /** The logits of a prepared batch, {@code rows x classes}, row after row. */
    float[] logits(Input input);

    /** Frees what this classifier owns (nothing, for one that wraps a caller's model). */
    @Override
    void close();

    /**
     * A prepared batch.
     *
     * @param values the input values
     * @param shape the input's shape, batch first
     * @param rows the number of samples
     */
    record Input(float[] values, long[] shape, int rows) {}
}
