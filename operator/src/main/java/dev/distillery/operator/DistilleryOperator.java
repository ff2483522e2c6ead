package dev.distillery.operator;

import dev.distillery.contract.ExitCodes;
import dev.distillery.operator.model.ObservedFields;
import dev.distillery.operator.model.StepJobFactory;
import dev.distillery.operator.reconciler.ArtifactCleanup;
import dev.distillery.operator.reconciler.CleanupPolicyRunner;
import dev.distillery.operator.reconciler.DistillationReconciler;
import dev.distillery.operator.reconciler.EventRecorder;
import dev.distillery.operator.reconciler.JobActions;
import dev.distillery.operator.reconciler.OperatorMetrics;
import dev.distillery.operator.reconciler.ReconcileQueue;
import dev.distillery.operator.reconciler.StrippedItemStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running operator: the JOSDK {@link Operator} with the Distillation controller registered.
 * With leader election it is built and started only while this replica holds the Lease, so a
 * standby replica opens no watch and holds no cache; a replica that loses the Lease stops it at
 * once and, unless told otherwise (tests), exits so that its Deployment restarts it clean.
 */
public final class DistilleryOperator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DistilleryOperator.class);

    private final Supplier<Operator> newOperator;
    private final ArtifactCleanup cleanup;
    private final EventRecorder events;
    private final boolean exitOnLoss;
    private Leadership leadership;
    private Operator operator;
    private boolean closed;

    private DistilleryOperator(
            Supplier<Operator> newOperator,
            ArtifactCleanup cleanup,
            EventRecorder events,
            boolean exitOnLoss) {
        this.newOperator = newOperator;
        this.cleanup = cleanup;
        this.events = events;
        this.exitOnLoss = exitOnLoss;
    }

    /** Starts an operator on {@code client}; with leader election it starts once it leads. */
    public static DistilleryOperator start(
            KubernetesClient client, OperatorOptions options, MeterRegistry registry) {
        return start(client, options, registry, System.getenv());
    }

    /**
     * {@link #start(KubernetesClient, OperatorOptions, MeterRegistry)} with the storage credentials
     * of artifact cleanup ({@code AWS_ACCESS_KEY_ID}, ...) taken from {@code environment}.
     */
    public static DistilleryOperator start(
            KubernetesClient client,
            OperatorOptions options,
            MeterRegistry registry,
            Map<String, String> environment) {
        Clock clock = Clock.systemUTC();
        OperatorMetrics metrics = new OperatorMetrics(registry);
        ReconcileQueue queue = new ReconcileQueue(metrics::queueWait);
        EventRecorder events = new EventRecorder(client, options.identity(), clock);
        ArtifactCleanup cleanup = new ArtifactCleanup(options.cleanupBudget(), clock);
        metrics.queue(queue::depth);
        Supplier<Operator> newOperator =
                () -> {
                    Operator operator =
                            new Operator(
                                    overrider ->
                                            overrider
                                                    .withKubernetesClient(client)
                                                    .withCloseClientOnStop(false)
                                                    .withUseSSAToPatchPrimaryResource(true)
                                                    .withMetrics(queue)
                                                    .withConcurrentReconciliationThreads(
                                                            options.reconcileThreads())
                                                    .withExecutorService(
                                                            queue.executor(
                                                                    options.reconcileThreads()))
                                                    .checkingCRDAndValidateLocalModel(false));
                    // A new reconciler per term: its plan memo starts empty, as its caches do.
                    DistillationReconciler reconciler =
                            new DistillationReconciler(
                                    new StepJobFactory(options.jobs()),
                                    new JobActions(),
                                    new CleanupPolicyRunner(cleanup, events, environment),
                                    metrics,
                                    events,
                                    clock,
                                    queue);
                    operator.register(
                            reconciler,
                            config -> {
                                config.withItemStore(
                                        new StrippedItemStore<>(ObservedFields::distillation));
                                if (!options.namespaces().isEmpty()) {
                                    config.settingNamespaces(options.namespaces());
                                }
                            });
                    return operator;
                };
        LeaderElection election = options.leaderElection();
        DistilleryOperator running =
                new DistilleryOperator(
                        newOperator, cleanup, events, election != null && election.exitOnLoss());
        if (election == null) {
            running.lead();
        } else {
            running.leadership = Leadership.start(client, election, running::lead, running::lost);
        }
        metrics.leader(running::leading);
        return running;
    }

    /** Starts reconciling: this replica leads (or is the only one). */
    private synchronized void lead() {
        if (closed || operator != null) {
            return;
        }
        operator = newOperator.get();
        operator.start();
    }

    /** Stops reconciling at once: another replica may lead already. */
    private void lost() {
        synchronized (this) {
            if (operator != null) {
                operator.stop();
                operator = null;
            }
        }
        if (exitOnLoss) {
            LOG.error("event=Exiting reason=LeaseLost");
            System.exit(ExitCodes.FAILURE);
        }
    }

    /** Whether this replica reconciles: it holds the Lease, or runs without leader election. */
    public synchronized boolean leading() {
        return operator != null;
    }

    /**
     * Whether the operator is ready: reconciling with its informers started, or standing by for the
     * Lease.
     */
    public synchronized boolean started() {
        return operator == null ? leadership != null : operator.getRuntimeInfo().isStarted();
    }

    /** Whether every informer is healthy (a standby replica has none). */
    public synchronized boolean healthy() {
        return operator == null || operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (operator != null) {
                operator.stop();
                operator = null;
            }
        }
        // After the operator stopped: the Lease goes back only when this replica no longer acts.
        if (leadership != null) {
            leadership.close();
        }
        cleanup.close();
        events.close();
    }
}
