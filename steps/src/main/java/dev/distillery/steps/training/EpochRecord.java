package dev.distillery.steps.training;

/**
 * One epoch of a training curve.
 *
 * @param epoch the epoch number, from 1
 * @param loss mean training loss
 * @param trainAccuracy top-1 accuracy on the training batches (training mode)
 * @param validationAccuracy top-1 accuracy on the held-out validation split (NaN without one)
 * @param samplesPerSecond training throughput
 * @param seconds wall-clock seconds of the epoch's training
 */
public record EpochRecord(
        int epoch,
        double loss,
        double trainAccuracy,
        double validationAccuracy,
        double samplesPerSecond,
        double seconds) {}
