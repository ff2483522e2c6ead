package dev.distillery.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's part in leader election: it competes for the Lease and calls {@code onLead} when
 * it holds it and {@code onLoss} when it loses it, each on a thread of its own (the elector calls
 * back while it holds its lock, and starting an operator syncs informers). A standby replica thus
 * starts nothing and caches nothing until it leads.
 *
 * <p>Closing gives the Lease back (after the caller stopped acting on it), so the standby takes
 * over at once instead of after the lease duration; {@code onLoss} is not called then.
 */
final class Leadership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final ExecutorService callbacks;
    private final CompletableFuture<?> election;
    private boolean leading;
    private boolean closing;

    private Leadership(
            KubernetesClient client, LeaderElection settings, Runnable onLead, Runnable onLoss) {
        this.callbacks =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread thread = new Thread(r, "distillery-leadership");
                            thread.setDaemon(true);
                            return thread;
                        });
        LeaderCallbacks events =
                new LeaderCallbacks(
                        () -> lead(settings.identity(), onLead),
                        () -> lose(settings.identity(), onLoss),
                        leader -> LOG.info("event=NewLeader leader={}", leader));
        this.election =
                client.leaderElector()
                        .withConfig(
                                new LeaderElectionConfigBuilder()
                                        .withName(settings.leaseName())
                                        .withLock(
                                                new LeaseLock(
                                                        settings.leaseNamespace(),
                                                        settings.leaseName(),
                                                        settings.identity()))
                                        .withLeaseDuration(settings.leaseDuration())
                                        .withRenewDeadline(settings.renewDeadline())
                                        .withRetryPeriod(settings.retryPeriod())
                                        .withLeaderCallbacks(events)
                                        .withReleaseOnCancel(true)
                                        .build())
                        .build()
                        .start();
        // The elector stops renewing for good when a renewal fails past the deadline; when it then
        // manages to give the Lease back it calls no onStopLeading, so its end counts as a loss.
        election.whenComplete((done, failure) -> lose(settings.identity(), onLoss));
    }

    /** This replica holds the Lease: {@code onLead}. */
    private synchronized void lead(String identity, Runnable onLead) {
        if (closing) {
            return;
        }
        leading = true;
        LOG.info("event=LeaseAcquired identity={}", identity);
        callbacks.execute(onLead);
    }

    /** This replica no longer holds the Lease: {@code onLoss}, once, unless it is closing. */
    private synchronized void lose(String identity, Runnable onLoss) {
        if (closing || !leading) {
            return;
        }
        leading = false;
        LOG.warn("event=LeaseLost identity={}", identity);
        callbacks.execute(onLoss);
    }

    /** Competes for the Lease of {@code settings} from now on. */
    static Leadership start(
            KubernetesClient client, LeaderElection settings, Runnable onLead, Runnable onLoss) {
        return new Leadership(client, settings, onLead, onLoss);
    }

    /** Stops competing and gives the Lease back if held. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
        }
        election.cancel(true);
        callbacks.shutdown();
        try {
            callbacks.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
