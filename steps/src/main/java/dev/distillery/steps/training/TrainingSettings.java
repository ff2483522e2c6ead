package dev.distillery.steps.training;

import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.model.ModelSpec;

/**
 * Everything that decides how a network is trained, apart from the data.
 *
 * @param spec the network
 * @param epochs number of passes over the training split
 * @param batchSize samples per optimizer step
 * @param learningRate the optimizer's learning rate
 * @param seed seeds initialization, shuffling, the validation split and augmentation
 * @param optimizer {@code adam} or {@code sgd} (with momentum)
 * @param momentum SGD momentum
 * @param weightDecay L2 weight decay
 * @param validationFraction share of the training images held out for validation
 * @param augment whether to train on seeded augmented views (forced on when the soft labels were
 *     computed on augmented views, so the student sees what the teacher saw)
 * @param flip whether augmentation also mirrors half of the views left to right
 * @param temperature distillation temperature T, used with teacher logits
 * @param alpha weight of the soft (teacher) term, used with teacher logits
 */
public record TrainingSettings(
        ModelSpec spec,
        int epochs,
        int batchSize,
        double learningRate,
        long seed,
        String optimizer,
        double momentum,
        double weightDecay,
        double validationFraction,
        boolean augment,
        boolean flip,
        double temperature,
        double alpha) {

    public TrainingSettings {
        positive("--epochs", epochs);
        positive("--batch-size", batchSize);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw DistilleryException.badInput(
                    "--learning-rate must be a positive number, got " + learningRate);
        }
        if (!optimizer.equals("adam") && !optimizer.equals("sgd")) {
            throw DistilleryException.badInput(
                    "--optimizer must be adam or sgd, got '" + optimizer + "'");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw DistilleryException.badInput(
                    "--val-fraction must be in [0,1), got " + validationFraction);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw DistilleryException.badInput(
                    "--temperature must be a positive number, got " + temperature);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw DistilleryException.badInput("--alpha must be in [0,1], got " + alpha);
        }
        if (!(weightDecay >= 0) || !(momentum >= 0 && momentum < 1)) {
            throw DistilleryException.badInput(
                    "--weight-decay must be >= 0 and --momentum in [0,1), got "
                            + weightDecay
                            + " and "
                            + momentum);
        }
    }

    private static void positive(String flag, int value) {
        if (value <= 0) {
            throw DistilleryException.badInput(flag + " must be positive, got " + value);
        }
    }
}
