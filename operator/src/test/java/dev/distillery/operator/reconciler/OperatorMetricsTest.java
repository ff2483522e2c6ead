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

    @Test
    void exportsReconcileTimesAsHistogramsAndTheQueueDepth() {
        ReconcileQueue queue = new ReconcileQueue();
        metrics.queue(queue::depth);
        queue.reconciliationSubmitted(null, null, null);
        queue.reconciliationSubmitted(null, null, null);
        queue.reconciliationStarted(null, null);
        metrics.reconciliation(() -> "done");
        metrics.queueWait(true, 3_000_000);
        metrics.queueWait(false, 300_000_000);

        String scrape = registry.scrape();

        // Buckets, so Prometheus (and bench/operator) can read a p99, of wall and CPU time.
        assertThat(scrape)
                .contains("distillery_reconciliation_duration_seconds_bucket{le=\"0.01\"} 1")
                .contains("distillery_reconciliation_cpu_seconds_bucket{le=\"0.01\"}")
                .contains("distillery_reconciliation_cpu_seconds_count 1")
                .contains("distillery_reconciliation_queue 1.0")
                .contains(
                        "distillery_reconciliation_wait_seconds_bucket{distillation=\"new\","
                                + "le=\"0.005\"} 1")
                .contains(
                        "distillery_reconciliation_wait_seconds_bucket{distillation=\"under-way\","
                                + "le=\"0.2\"} 0")
                .contains(
                        "distillery_reconciliation_wait_seconds_bucket{distillation=\"under-way\","
                                + "le=\"0.5\"} 1");
    }
}
