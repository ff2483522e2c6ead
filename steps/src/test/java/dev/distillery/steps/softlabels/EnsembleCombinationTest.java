package dev.distillery.steps.softlabels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.distillery.contract.DistilleryException;
import org.junit.jupiter.api.Test;

class EnsembleCombinationTest {
    private static final float[][] MEMBERS = {{1, 2, 0}, {3, 0, 0}};

    @Test
    void probabilitiesAreTheLogOfTheMeanSoftmax() {
        // By hand: log((softmax(1,2,0) + softmax(3,0,0)) / 2).
        float[] combined = EnsembleCombination.PROBABILITIES.combine(MEMBERS, 1);
        assertThat(combined[0]).isCloseTo(-0.54976444f, within(1e-6f));
        assertThat(combined[1]).isCloseTo(-1.03490613f, within(1e-6f));
        assertThat(combined[2]).isCloseTo(-2.69334086f, within(1e-6f));
    }

    @Test
    void logitsAreTheirMean() {
        assertThat(EnsembleCombination.LOGITS.combine(MEMBERS, 1)).containsExactly(2f, 1f, 0f);
    }

    @Test
    void oneMemberIsKeptAsItIs() {
        float[][] single = {{5, -1, 0.5f}};
        assertThat(EnsembleCombination.LOGITS.combine(single, 1)).isSameAs(single[0]);
        assertThat(EnsembleCombination.PROBABILITIES.combine(single, 1)).isSameAs(single[0]);
    }

    @Test
    void flagsByName() {
        assertThat(EnsembleCombination.fromFlag("logits")).isEqualTo(EnsembleCombination.LOGITS);
        assertThat(EnsembleCombination.fromFlag("probabilities").stored())
                .isEqualTo("log-mean-softmax");
        assertThatThrownBy(() -> EnsembleCombination.fromFlag("median"))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("--ensemble-combine must be probabilities or logits");
    }
}
