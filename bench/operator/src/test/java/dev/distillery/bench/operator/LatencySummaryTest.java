package dev.distillery.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void nearestRankPercentilesOfAHundredLatencies() {
        List<Double> millis = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            millis.add((double) i);
        }
        Collections.shuffle(millis);

        LatencySummary summary = LatencySummary.of(millis);

        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.p50()).isEqualTo(50.0);
        assertThat(summary.p99()).isEqualTo(99.0);
        assertThat(summary.max()).isEqualTo(100.0);
    }

    @Test
    void oneLatencyIsEveryPercentile() {
        LatencySummary summary = LatencySummary.of(List.of(1715.0));

        assertThat(summary.p50()).isEqualTo(1715.0);
        assertThat(summary.p99()).isEqualTo(1715.0);
        assertThat(summary.max()).isEqualTo(1715.0);
    }

    @Test
    void theP99OfTenIsTheSlowest() {
        LatencySummary summary =
                LatencySummary.of(List.of(5.0, 1.0, 9.0, 2.0, 8.0, 3.0, 7.0, 4.0, 6.0, 40.0));

        assertThat(summary.p50()).isEqualTo(5.0);
        assertThat(summary.p99()).isEqualTo(40.0);
    }

    @Test
    void noLatencyIsAnError() {
        assertThatThrownBy(() -> LatencySummary.of(List.of())).hasMessageContaining("no latencies");
    }
}
