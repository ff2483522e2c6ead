package dev.distillery.steps.training;

import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;

/**
 * The learning rate per optimizer step (batch): constant or cosine-annealed to zero over the run,
 * optionally after a linear warm-up from zero, built from DJL's {@code CosineTracker} and {@code
 * WarmUpTracker}. A resumed run continues the schedule where its checkpoint left it.
 */
public final class LearningRateSchedule {

    private LearningRateSchedule() {}

    /**
     * The tracker for {@code settings} with {@code stepsPerEpoch} optimizer steps per epoch, for a
     * run that has already completed {@code completedEpochs} epochs.
     */
    public static Tracker of(TrainingSettings settings, int stepsPerEpoch, int completedEpochs) {
        float base = (float) settings.learningRate();
        int warmup = settings.warmupEpochs() * stepsPerEpoch;
        int total = settings.epochs() * stepsPerEpoch;
        Tracker main =
                settings.schedule().equals("cosine")
                        ? Tracker.cosine()
                                .setBaseValue(base)
                                .optFinalValue(0)
                                .setMaxUpdates(Math.max(1, total - warmup))
                                .build()
                        : Tracker.fixed(base);
        Tracker schedule =
                warmup == 0
                        ? main
                        : Tracker.warmUp()
                                .setMainTracker(main)
                                .optWarmUpSteps(warmup)
                                .optWarmUpBeginValue(0)
                                .optWarmUpMode(WarmUpTracker.Mode.LINEAR)
                                .build();
        int offset = completedEpochs * stepsPerEpoch;
        // DJL counts updates from the optimizer's creation; a resumed run starts it afresh.
        return offset == 0 ? schedule : update -> schedule.getNewValue(update + offset);
    }
}
