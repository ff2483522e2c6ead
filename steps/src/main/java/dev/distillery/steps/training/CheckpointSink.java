package dev.distillery.steps.training;

import java.nio.file.Path;

/** Where a training run puts each epoch's checkpoint folder once it is complete. */
@FunctionalInterface
public interface CheckpointSink {

    /** Stores the checkpoint written into {@code folder}, replacing the previous one. */
    void save(Path folder);
}
