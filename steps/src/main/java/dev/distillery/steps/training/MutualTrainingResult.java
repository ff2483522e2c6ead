package dev.distillery.steps.training;

import dev.distillery.steps.evaluation.ModelEvaluation;
import dev.distillery.steps.model.ModelDescription;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What an online group's run produced: every network's saved model and scores, the teacher first.
 *
 * @param networks one result per network, in the group's order
 * @param resumedFromEpoch the epoch the run continued after, 0 for a fresh run
 * @param devices the device trained on
 * @param trainSamples the number of samples trained on per epoch
 */
public record MutualTrainingResult(
        List<Network> networks, int resumedFromEpoch, String devices, int trainSamples) {

    /**
     * One network's outcome.
     *
     * @param network its name in the group ({@code teacher}, {@code student-<name>})
     * @param description the saved model's description
     * @param folder the local folder its model was saved into
     * @param history one record per epoch it trained (none during the teacher's warm-up)
     * @param validation the final model on the validation split, if there is one
     * @param test the final model on the test split, if there is one
     */
    public record Network(
            String network,
            ModelDescription description,
            Path folder,
            List<EpochRecord> history,
            Optional<ModelEvaluation> validation,
            Optional<ModelEvaluation> test) {}

    /** Whether the run continued from a checkpoint. */
    public boolean resumed() {
        return resumedFromEpoch > 0;
    }
}
