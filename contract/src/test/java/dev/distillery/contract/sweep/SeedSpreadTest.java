package dev.distillery.contract.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeedSpreadTest {

    @Test
    void aGainCountsOnlyBeyondTheSumOfBothSeedSpreads() {
        // distilled 83.40 +- 0.23, scratch 82.24 +- 0.05: +1.16 points against 0.28 of spread
        Optional<Spread> distilled = Spread.of(List.of(0.8348, 0.8314, 0.8357));
        Optional<Spread> scratch = Spread.of(List.of(0.8220, 0.8222, 0.8230));
        assertThat(SeedSpread.gainExceeds(distilled, scratch)).isTrue();

        // +0.31 points against 0.20 + 0.16 of spread: within the noise
        Optional<Spread> mlp = Spread.of(List.of(0.8212, 0.8221, 0.8183));
        Optional<Spread> mlpScratch = Spread.of(List.of(0.8166, 0.8164, 0.8193));
        assertThat(SeedSpread.gainExceeds(mlp, mlpScratch)).isFalse();
        assertThat(SeedSpread.gainExceeds(mlpScratch, mlp)).isFalse();
    }

    @Test
    void oneSeedMeasuresNoSpread() {
        assertThat(SeedSpread.gainExceeds(Spread.of(List.of(0.9)), Spread.of(List.of(0.8))))
                .isNull();
        assertThat(SeedSpread.gainExceeds(Optional.empty(), Spread.of(List.of(0.8, 0.81))))
                .isNull();
    }
}
