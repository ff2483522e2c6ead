package dev.distillery.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepProgressTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String EPOCH_1 =
            "epoch 1: loss 0.5000, train accuracy 0.8, validation accuracy 0.8100, 900 samples/s";

    @Test
    void estimatesTheRunningEpochAndTheTimeLeftFromFinishedEpochs() {
        StepProgress progress = new StepProgress("teacher-0", 4, 0);
        assertThat(progress.eta(5 * SECOND)).isEmpty();

        progress.accept(EPOCH_1, 10 * SECOND);

        assertThat(progress.epochsDone()).isEqualTo(1);
        assertThat(progress.fraction(15 * SECOND)).isEqualTo(1.5 / 4);
        assertThat(progress.eta(15 * SECOND)).contains(Duration.ofSeconds(25));
        assertThat(progress.describe(15 * SECOND))
                .isEqualTo("epoch 2/4  loss 0.5000  900 samples/s  ETA 0:25  (0:15)");
    }

    @Test
    void aResumedRunCountsFromTheCheckpointNotFromZero() {
        StepProgress progress = new StepProgress("student-small", 4, 0);

        progress.accept("resuming after epoch 2 from the checkpoint", 3 * SECOND);
        progress.accept(EPOCH_1.replace("epoch 1:", "epoch 3:"), 13 * SECOND);

        assertThat(progress.epochsDone()).isEqualTo(3);
        assertThat(progress.eta(13 * SECOND)).contains(Duration.ofSeconds(10));
        assertThat(progress.describeEpoch(EpochLine.parse(EPOCH_1).orElseThrow(), 13 * SECOND))
                .startsWith(
                        "epoch 1/4 done: loss 0.5000, 900 samples/s, validation accuracy 81.00 %");
    }

    @Test
    void theFirstEpochIsTimedFromWhenTrainingStartsNotFromProcessStart() {
        StepProgress progress = new StepProgress("baseline-small", 3, 0);

        progress.accept(
                "training mlp:16 on 1800 samples of file:///data (1x28x28, 10 classes)",
                4 * SECOND);
        progress.accept(EPOCH_1, 6 * SECOND);

        assertThat(progress.eta(6 * SECOND)).contains(Duration.ofSeconds(4));
    }

    @Test
    void clockShowsMinutesThenHours() {
        assertThat(StepProgress.clock(Duration.ofSeconds(75))).isEqualTo("1:15");
        assertThat(StepProgress.clock(Duration.ofSeconds(3725))).isEqualTo("1:02:05");
    }
}
