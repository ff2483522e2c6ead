package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.training.tracker.Tracker;
import dev.distillery.steps.model.ModelSpec;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    private static final int STEPS = 10;

    @Test
    void constantWithoutWarmUpIsTheLearningRateEverywhere() {
        Tracker rate = LearningRateSchedule.of(settings("constant", 0), STEPS, 0);
        assertThat(rate.getNewValue(1)).isEqualTo(0.01f);
        assertThat(rate.getNewValue(40)).isEqualTo(0.01f);
    }

    @Test
    void warmUpRisesLinearlyPerBatchThenCosineAnnealsToZero() {
        // 4 epochs of 10 batches, 1 warm-up epoch: rises over batches 0..10, then a half cosine
        // over the remaining 30 batches.
        Tracker rate = LearningRateSchedule.of(settings("cosine", 1), STEPS, 0);
        assertThat(rate.getNewValue(0)).isCloseTo(0f, within(1e-6f));
        assertThat(rate.getNewValue(5)).isCloseTo(0.005f, within(1e-4f));
        assertThat(rate.getNewValue(10)).isCloseTo(0.01f, within(1e-5f));
        assertThat(rate.getNewValue(25)).isCloseTo(0.005f, within(1e-4f));
        assertThat(rate.getNewValue(40)).isCloseTo(0f, within(1e-6f));
        for (int step = 11; step <= 40; step++) {
            assertThat(rate.getNewValue(step)).isLessThanOrEqualTo(rate.getNewValue(step - 1));
        }
    }

    @Test
    void aResumedRunContinuesTheScheduleWhereItsCheckpointLeftIt() {
        Tracker fresh = LearningRateSchedule.of(settings("cosine", 1), STEPS, 0);
        Tracker resumed = LearningRateSchedule.of(settings("cosine", 1), STEPS, 2);
        for (int step = 1; step <= 20; step++) {
            assertThat(resumed.getNewValue(step)).isEqualTo(fresh.getNewValue(step + 20));
        }
    }

    private static TrainingSettings settings(String schedule, int warmup) {
        return new TrainingSettings(
                ModelSpec.parse("mlp:8"),
                4,
                16,
                0.01,
                1,
                "adam",
                0.9,
                0,
                0.1,
                false,
                false,
                4,
                0.5,
                schedule,
                warmup,
                0,
                0,
                0);
    }
}
