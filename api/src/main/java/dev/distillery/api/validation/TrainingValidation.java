package dev.distillery.api.validation;

import dev.distillery.api.spec.TrainingSpec;

/** Checks one block of training settings (a teacher's or a student's). */
final class TrainingValidation {

    private TrainingValidation() {}

    static void training(String path, TrainingSpec training, Problems problems) {
        problems.range(path + ".epochs", training.epochs(), 1, 1000);
        problems.range(path + ".batchSize", training.batchSize(), 1, 65536);
        if (!(training.learningRate() > 0 && training.learningRate() <= 10)) {
            problems.add(
                    path + ".learningRate",
                    "must be greater than 0 and at most 10, not " + training.learningRate());
        }
        if (training.seed() < 0) {
            problems.add(path + ".seed", "must not be negative, not " + training.seed());
        }
        if (!(training.weightDecay() >= 0 && training.weightDecay() <= 1)) {
            problems.add(
                    path + ".weightDecay",
                    "must be between 0 and 1, not " + training.weightDecay());
        }
        if (training.warmupEpochs() < 0
                || (training.epochs() >= 1 && training.warmupEpochs() >= training.epochs())) {
            problems.add(
                    path + ".warmupEpochs",
                    "must be at least 0 and fewer than epochs ("
                            + training.epochs()
                            + "), not "
                            + training.warmupEpochs());
        }
        problems.range(path + ".earlyStopping", training.earlyStopping(), 0, 1000);
        if (!(training.labelSmoothing() >= 0 && training.labelSmoothing() < 1)) {
            problems.add(
                    path + ".labelSmoothing",
                    "must be at least 0 and below 1, not " + training.labelSmoothing());
        }
    }
}
