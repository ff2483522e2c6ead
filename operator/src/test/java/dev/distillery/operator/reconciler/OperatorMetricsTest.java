package dev.distillery.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.status.Phase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class OperatorMetricsTest {

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OperatorMetrics metrics = new OperatorMetrics(registry);

    @Test
    void countsReconciliationsJobsAndDistillationsByPhase() {
        metrics.reconciliation(() -> "done");
        metrics.error();
        metrics.jobCreated("teacher");
        metrics.jobCreated("teacher");
        metrics.phase("uid-1", Phase.RUNNING);
        metrics.phase("uid-2", Phase.RUNNING);
        metrics.phase("uid-3", Phase.FAILED);
        metrics.forget("uid-3");

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("distillery_reconciliations_total 1.0")
                .contains("distillery_reconciliation_errors_total 1.0")
                .contains("distillery_reconciliation_duration_seconds_count 1")
                .contains("distillery_step_jobs_total{stage=\"teacher\"} 2.0")
                .contains("distillery_distillations{phase=\"Running\"} 2.0")
                .contains("distillery_distillations{phase=\"Failed\"} 0.0");
    }
}
