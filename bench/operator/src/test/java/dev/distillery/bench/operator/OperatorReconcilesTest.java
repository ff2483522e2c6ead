package dev.distillery.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperatorReconcilesTest {

    private static final String BEFORE =
            """
            # TYPE distillery_reconciliation_duration_seconds histogram
            distillery_reconciliation_duration_seconds_bucket{le="0.001"} 10
            distillery_reconciliation_duration_seconds_bucket{le="0.01"} 10
            distillery_reconciliation_duration_seconds_bucket{le="0.1"} 10
            distillery_reconciliation_duration_seconds_bucket{le="+Inf"} 10
            distillery_reconciliation_duration_seconds_count 10
            distillery_reconciliation_duration_seconds_sum 0.005
            """;

    private static final String AFTER =
            """
            distillery_reconciliation_duration_seconds_bucket{le="0.001"} 60
            distillery_reconciliation_duration_seconds_bucket{le="0.01"} 108
            distillery_reconciliation_duration_seconds_bucket{le="0.1"} 109
            distillery_reconciliation_duration_seconds_bucket{le="+Inf"} 110
            distillery_reconciliation_duration_seconds_count 110
            distillery_reconciliation_duration_seconds_sum 0.405
            distillery_reconciliation_duration_seconds_max 0.2
            distillery_reconciliation_cpu_seconds_bucket{le="0.001"} 100
            distillery_reconciliation_cpu_seconds_bucket{le="+Inf"} 100
            distillery_reconciliation_wait_seconds_bucket{distillation="new",le="0.001"} 40
            distillery_reconciliation_wait_seconds_bucket{distillation="new",le="0.1"} 99
            distillery_reconciliation_wait_seconds_bucket{distillation="new",le="+Inf"} 100
            distillery_reconciliation_wait_seconds_bucket{distillation="under-way",le="0.001"} 0
            distillery_reconciliation_wait_seconds_bucket{distillation="under-way",le="+Inf"} 900
            """;

    @Test
    void aRoundsReconcilesAreTheDifferenceOfTwoSnapshots() {
        ReconcileSummary round =
                OperatorReconciles.parse(AFTER).since(OperatorReconciles.parse(BEFORE));

        assertThat(round.count()).isEqualTo(100);
        assertThat(round.meanMillis()).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
        // 98 of the round's 100 are within 10 ms, 99 within 100 ms.
        assertThat(round.p99Millis()).isEqualTo(100.0);
        assertThat(round.cpuP99Millis()).isEqualTo(1.0);
        // The new Distillations' waits only: 40 within 1 ms, 99 within 100 ms.
        assertThat(round.newWaitP50Millis()).isEqualTo(100.0);
        assertThat(round.newWaitP99Millis()).isEqualTo(100.0);
    }

    @Test
    void anOperatorWithoutHistogramsHasNoPercentiles() {
        String counts =
                """
                distillery_reconciliation_duration_seconds_count 5
                distillery_reconciliation_duration_seconds_sum 0.5
                """;

        ReconcileSummary round =
                OperatorReconciles.parse(counts).since(OperatorReconciles.parse(""));

        assertThat(round.count()).isEqualTo(5);
        assertThat(round.p99Millis()).isNaN();
        assertThat(round.cpuP99Millis()).isNaN();
        assertThat(round.newWaitP99Millis()).isNaN();
    }
}
