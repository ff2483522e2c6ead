package dev.distillery.operator;

import dev.distillery.operator.model.JobSettings;
import java.time.Duration;
import java.util.Set;

/**
 * Everything an operator instance is started with.
 *
 * @param namespaces the namespaces to watch; empty for all
 * @param jobs the step image, GPU resource name and backoff limit
 * @param leaderElection the Lease settings, or {@code null} to reconcile without one
 * @param cleanupBudget how long an artifact cleanup may take before deletion goes on without it
 * @param identity this instance's name in Events and logs
 * @param reconcileThreads how many Distillations are reconciled at once
 */
public record OperatorOptions(
        Set<String> namespaces,
        JobSettings jobs,
        LeaderElection leaderElection,
        Duration cleanupBudget,
        String identity,
        int reconcileThreads) {

    /**
     * Reconciliation threads per core by default: a reconciliation mostly waits for the API server
     * (a few ms of CPU for its requests), so a few threads per core keep the cores busy.
     */
    public static final int THREADS_PER_CORE = 8;

    public OperatorOptions {
        namespaces = Set.copyOf(namespaces);
        if (reconcileThreads < 1) {
            throw new IllegalArgumentException(
                    "reconcile threads must be at least 1, not " + reconcileThreads);
        }
    }

    /** Options with {@link #defaultReconcileThreads()}. */
    public OperatorOptions(
            Set<String> namespaces,
            JobSettings jobs,
            LeaderElection leaderElection,
            Duration cleanupBudget,
            String identity) {
        this(namespaces, jobs, leaderElection, cleanupBudget, identity, defaultReconcileThreads());
    }

    /** {@link #THREADS_PER_CORE} per core the JVM may use. */
    public static int defaultReconcileThreads() {
        return THREADS_PER_CORE * Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
