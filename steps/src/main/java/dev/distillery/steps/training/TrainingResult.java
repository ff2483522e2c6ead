package dev.distillery.steps.training;

import dev.distillery.steps.evaluation.ModelEvaluation;
import dev.distillery.steps.model.ModelDescription;
import java.util.List;
import java.util.Optional;

/**
 * What a training run produced: the saved model's description, its curve and its final scores.
 *
 * @param description the saved model's description
 * @param history one record per epoch, resumed epochs included
 * @param validation the final model on the held-out validation split, if there is one
 * @param test the final model on the dataset's test split, if there is one
 * @param resumedFromEpoch the epoch the run continued after, 0 for a fresh run
 * @param devices the devices trained on
 * @param trainSamples the number of samples trained on per epoch
 * @param bestEpoch the epoch with the best validation accuracy (0 without validation); with early
 *     stopping, the epoch whose parameters were saved
 * @param stoppedEarly whether early stopping ended the run before its last epoch
 */
public record TrainingResult(
        ModelDescription description,
        List<EpochRecord> history,
        Optional<ModelEvaluation> validation,
        Optional<ModelEvaluation> test,
        int resumedFromEpoch,
        String devices,
        int trainSamples,
        int bestEpoch,
        boolean stoppedEarly) {

    /** Whether the run continued from a checkpoint. */
    public boolean resumed() {
        return resumedFromEpoch > 0;
    }
}
