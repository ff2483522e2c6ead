package dev.distillery.operator;

import java.time.Duration;

/**
 * How replicas elect the one that reconciles: a Lease, its timings and this replica's identity.
 *
 * @param leaseName the Lease's name
 * @param leaseNamespace the Lease's namespace
 * @param identity this replica's identity (its pod name)
 * @param leaseDuration how long a lease holds without renewal
 * @param exitOnLoss whether a replica that loses the lease exits (so it restarts clean)
 */
public record LeaderElection(
        String leaseName,
        String leaseNamespace,
        String identity,
        Duration leaseDuration,
        boolean exitOnLoss) {

    /** The renew deadline: two thirds of the lease duration. */
    public Duration renewDeadline() {
        return leaseDuration.multipliedBy(2).dividedBy(3);
    }

    /** How often to retry acquiring or renewing: a fifth of the lease duration. */
    public Duration retryPeriod() {
        return leaseDuration.dividedBy(5);
    }
}
