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
 * @param seed seeds initialization, dropout, shuffling and augmentation
 * @param optimizer {@code adam} or {@code sgd} (with momentum)
 * @param momentum SGD momentum
 * @param weightDecay weight decay: decoupled (AdamW) with adam, L2 with sgd
 * @param validationFraction share of the training images held out for validation
 * @param augment whether to train on seeded augmented views (forced on when the soft labels were
 *     computed on augmented views, so the student sees what the teacher saw)
 * @param flip whether augmentation also mirrors half of the views left to right
 * @param temperature distillation temperature T, used with teacher logits
 * @param alpha weight of the soft (teacher) term, used with teacher logits
 * @param schedule the learning-rate schedule: {@code constant} or {@code cosine}
 * @param warmupEpochs epochs of linear learning-rate warm-up, counted in optimizer steps
 * @param earlyStopping stop after this many epochs without a better validation accuracy and keep
 *     the best epoch's parameters; 0 trains every epoch and keeps the last
 * @param labelSmoothing share of the hard-label target spread evenly over all classes
 * @param hintWeight weight of the FitNets hint term (0 = off), with the teacher in the step
 * @param splitSeed seeds the validation split (the same in every step of a Distillation)
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
        double alpha,
        String schedule,
        int warmupEpochs,
        int earlyStopping,
        double labelSmoothing,
        double hintWeight,
        long splitSeed) {

    /** Settings whose validation split is seeded by {@code seed}, the run's own seed. */
    public TrainingSettings(
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
            double alpha,
            String schedule,
            int warmupEpochs,
            int earlyStopping,
            double labelSmoothing,
            double hintWeight) {
        this(
                spec,
                epochs,
                batchSize,
                learningRate,
                seed,
                optimizer,
                momentum,
                weightDecay,
                validationFraction,
                augment,
                flip,
                temperature,
                alpha,
                schedule,
                warmupEpochs,
                earlyStopping,
                labelSmoothing,
                hintWeight,
                seed);
    }

    /** Settings with a constant learning rate, no early stopping, no smoothing and no hints. */
    public TrainingSettings(
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
        this(
                spec,
                epochs,
                batchSize,
                learningRate,
                seed,
                optimizer,
                momentum,
                weightDecay,
                validationFraction,
                augment,
                flip,
                temperature,
                alpha,
                "constant",
                0,
                0,
                0,
                0);
    }

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
        if (!schedule.equals("constant") && !schedule.equals("cosine")) {
            throw DistilleryException.badInput(
                    "--lr-schedule must be constant or cosine, got '" + schedule + "'");
        }
        if (warmupEpochs < 0 || warmupEpochs >= epochs) {
            throw DistilleryException.badInput(
                    "--warmup-epochs must be in [0, --epochs), got "
                            + warmupEpochs
                            + " with --epochs "
                            + epochs);
        }
        if (earlyStopping < 0) {
            throw DistilleryException.badInput(
                    "--early-stopping must be 0 (off) or a positive patience, got "
                            + earlyStopping);
        }
        if (earlyStopping > 0 && validationFraction == 0) {
            throw DistilleryException.badInput(
                    "--early-stopping watches the validation accuracy: it needs --val-fraction > 0");
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw DistilleryException.badInput(
                    "--label-smoothing must be in [0,1), got " + labelSmoothing);
        }
        if (!(hintWeight >= 0) || Double.isInfinite(hintWeight)) {
            throw DistilleryException.badInput(
                    "--hint-weight must be >= 0 (0 = off), got " + hintWeight);
        }
    }

    private static void positive(String flag, int value) {
        if (value <= 0) {
            throw DistilleryException.badInput(flag + " must be positive, got " + value);
        }
    }
}
