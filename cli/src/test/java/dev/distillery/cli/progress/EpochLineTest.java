package dev.distillery.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EpochLineTest {

    @Test
    void readsTheEpochLineATrainStepPrints() {
        EpochLine epoch =
                EpochLine.parse(
                                "epoch 3: loss 0.4123, train accuracy 0.8511, validation accuracy"
                                        + " 0.8600, 3120 samples/s")
                        .orElseThrow();

        assertThat(epoch.epoch()).isEqualTo(3);
        assertThat(epoch.loss()).isEqualTo(0.4123);
        assertThat(epoch.validationAccuracy()).isEqualTo(0.86);
        assertThat(epoch.samplesPerSecond()).isEqualTo(3120);
    }

    @Test
    void aRunWithoutValidationSplitReportsNaN() {
        EpochLine epoch =
                EpochLine.parse(
                                "epoch 1: loss 2.3000, train accuracy 0.1000, validation accuracy"
                                        + " NaN, 512 samples/s")
                        .orElseThrow();

        assertThat(epoch.validationAccuracy()).isNaN();
    }

    @Test
    void otherLinesAreNotEpochs() {
        assertThat(EpochLine.parse("resuming after epoch 2 from the checkpoint")).isEmpty();
        assertThat(EpochLine.parse("accuracy=0.85")).isEmpty();
        assertThat(EpochLine.parse("[main] INFO ai.djl.pytorch.engine.PtEngine - epoch")).isEmpty();
    }
}
