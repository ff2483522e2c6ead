package dev.distillery.steps.training;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The parameter update after each batch's backward pass, and the optimizer state that travels in a
 * checkpoint: {@link FusedAdam} for Adam, {@link TrainerStep} (DJL's optimizer through {@code
 * Trainer.step()}) for SGD. Both update the parameters on the run's first device once per batch;
 * data-parallel replicas reduce their gradients into it first ({@link Replicas}).
 */
interface ParameterUpdate extends AutoCloseable {

    /** Updates every trainable parameter from its gradient, then zeroes the gradients. */
    void step();

    /** Writes the optimizer state beside a checkpoint's parameters in {@code folder}. */
    void save(Path folder);

    /**
     * Continues from the optimizer state in checkpoint {@code folder}, telling {@code log} why not.
     */
    void restore(Path folder, Consumer<String> log);

    /** Releases the native state. */
    @Override
    void close();
}
