package dev.distillery.steps.training;

import ai.djl.training.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * DJL's own optimizer, stepped through {@code Trainer.step()} of a one-device trainer: SGD. Its
 * state (the momentum) stays inside DJL and is not checkpointed.
 */
final class TrainerStep implements ParameterUpdate {
    private final Trainer trainer;
    private final String optimizer;

    /** Steps {@code trainer}, whose configured optimizer is {@code optimizer} (for the log). */
    TrainerStep(Trainer trainer, String optimizer) {
        this.trainer = trainer;
        this.optimizer = optimizer;
    }

    @Override
    public void step() {
        trainer.step();
    }

    @Override
    public void save(Path folder) {
        // DJL keeps its optimizer state private: there is nothing to write.
    }

    @Override
    public void restore(Path folder, Consumer<String> log) {
        String restart = "DJL's " + optimizer + " state (momentum or moments) restarts";
        if (Files.isRegularFile(folder.resolve(FusedAdam.FILE))) {
            log.accept(
                    "the checkpoint's Adam moments are not used: this run steps DJL's "
                            + optimizer
                            + " on "
                            + trainer.getDevices().length
                            + " device(s); "
                            + restart);
        } else {
            log.accept(restart + " after the resume");
        }
    }

    @Override
    public void close() {
        // The trainer owns DJL's optimizer state and closes it.
    }
}
