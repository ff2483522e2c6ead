package dev.distillery.steps.softlabels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnsembleAccuracyTest {

    @Test
    void countsTheRowsWhoseLargestLogitIsTheLabel() {
        float[] logits = {
            2f, 1f, 0f, // -> 0
            0f, 3f, 1f, // -> 1
            1f, 0f, 5f, // -> 2
            4f, 9f, 0f // -> 1
        };

        assertThat(EnsembleAccuracy.of(logits, new int[] {0, 1, 2, 0})).isEqualTo(0.75);
        assertThat(EnsembleAccuracy.of(logits, new int[] {1, 0, 0, 2})).isEqualTo(0.0);
    }

    @Test
    void noSamplesIsAnError() {
        assertThatThrownBy(() -> EnsembleAccuracy.of(new float[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
