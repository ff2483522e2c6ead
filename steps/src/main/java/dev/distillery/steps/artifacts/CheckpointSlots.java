package dev.distillery.steps.artifacts;

import dev.distillery.contract.ArtifactFiles;
import dev.distillery.steps.training.Checkpoint;
import dev.distillery.steps.training.CheckpointSink;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Two alternating checkpoint artifacts, {@code <output>/checkpoint/slot-0} (even epochs) and {@code
 * slot-1} (odd epochs): a step killed while writing one still has the other complete, so a resume
 * loses at most one epoch.
 */
public final class CheckpointSlots implements CheckpointSink {
    private final StepStorage storage;
    private final String output;
    private int saves;

    /** The checkpoint slots of the training output at {@code output}. */
    public CheckpointSlots(StepStorage storage, String output) {
        this.storage = storage;
        this.output = output;
    }

    @Override
    public void save(Path folder) {
        int epoch = Checkpoint.read(folder).epoch();
        storage.publish(folder, slot(epoch % 2));
        saves++;
    }

    /** The local folder of the complete checkpoint with the most epochs, if any. */
    public Optional<Path> latest() {
        Optional<Path> best = Optional.empty();
        int bestEpoch = 0;
        for (int slot = 0; slot < 2; slot++) {
            String uri = slot(slot);
            if (!storage.isComplete(uri)) {
                continue;
            }
            Path folder = storage.fetch(uri);
            int epoch = Checkpoint.read(folder).epoch();
            if (epoch > bestEpoch) {
                best = Optional.of(folder);
                bestEpoch = epoch;
            }
        }
        return best;
    }

    /** How many checkpoints this run saved. */
    public int saves() {
        return saves;
    }

    private String slot(int index) {
        return StepStorage.child(output, ArtifactFiles.CHECKPOINT + "/slot-" + index);
    }
}
