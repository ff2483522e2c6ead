package dev.distillery.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the reconciliations JOSDK submitted to its executor and has not started: the depth of the
 * queue a burst of Distillations waits in.
 */
public final class ReconcileQueue implements Metrics {

    private final AtomicLong waiting = new AtomicLong();

    @Override
    public void reconciliationSubmitted(
            HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        waiting.incrementAndGet();
    }

    @Override
    public void reconciliationStarted(HasMetadata resource, Map<String, Object> metadata) {
        waiting.updateAndGet(n -> Math.max(0, n - 1));
    }

    /** Reconciliations submitted and not started yet. */
    public long depth() {
        return waiting.get();
    }
}
