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
 * @param dataSeconds of those, the seconds the training thread spent getting batches: reading and
 *     assembling them itself without reader threads, waiting for the readers with them (0 when the
 *     data keeps up); 0 in checkpoints from before it was measured
 */
public record EpochRecord(
        int epoch,
        double loss,
        double trainAccuracy,
        double validationAccuracy,
        double samplesPerSecond,
        double seconds,
        double dataSeconds) {}
