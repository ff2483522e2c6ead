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
 */
public record OperatorOptions(
        Set<String> namespaces,
        JobSettings jobs,
        LeaderElection leaderElection,
        Duration cleanupBudget,
        String identity) {

    public OperatorOptions {
        namespaces = Set.copyOf(namespaces);
    }
}
