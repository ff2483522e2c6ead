package dev.distillery.operator;

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
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;

/** One running operator: the JOSDK {@link Operator} with the Distillation controller registered. */
public final class DistilleryOperator implements AutoCloseable {

    private final Operator operator;
    private final ArtifactCleanup cleanup;
    private final EventRecorder events;

    private DistilleryOperator(Operator operator, ArtifactCleanup cleanup, EventRecorder events) {
        this.operator = operator;
        this.cleanup = cleanup;
        this.events = events;
    }

    /** Starts an operator on {@code client}; with leader election it reconciles once it leads. */
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
        ReconcileQueue queue = new ReconcileQueue();
        Operator operator =
                new Operator(
                        overrider -> {
                            overrider
                                    .withKubernetesClient(client)
                                    .withCloseClientOnStop(false)
                                    .withUseSSAToPatchPrimaryResource(true)
                                    .withMetrics(queue)
                                    .withConcurrentReconciliationThreads(options.reconcileThreads())
                                    .checkingCRDAndValidateLocalModel(false);
                            LeaderElection election = options.leaderElection();
                            if (election != null) {
                                LeaderElectionConfigurationBuilder lease =
                                        LeaderElectionConfigurationBuilder
                                                .aLeaderElectionConfiguration(election.leaseName())
                                                .withLeaseNamespace(election.leaseNamespace())
                                                .withIdentity(election.identity())
                                                .withLeaseDuration(election.leaseDuration())
                                                .withRenewDeadline(election.renewDeadline())
                                                .withRetryPeriod(election.retryPeriod());
                                // JOSDK allows staying alive after losing the lease only in tests.
                                overrider.withLeaderElectionConfiguration(
                                        election.exitOnLoss()
                                                ? lease.build()
                                                : lease.buildForTest(false));
                            }
                        });
        EventRecorder events = new EventRecorder(client, options.identity(), clock);
        ArtifactCleanup cleanup = new ArtifactCleanup(options.cleanupBudget(), clock);
        OperatorMetrics metrics = new OperatorMetrics(registry);
        metrics.queue(queue::depth);
        DistillationReconciler reconciler =
                new DistillationReconciler(
                        new StepJobFactory(options.jobs()),
                        new JobActions(),
                        new CleanupPolicyRunner(cleanup, events, environment),
                        metrics,
                        events,
                        clock);
        operator.register(
                reconciler,
                config -> {
                    config.withItemStore(new StrippedItemStore<>(ObservedFields::distillation));
                    if (!options.namespaces().isEmpty()) {
                        config.settingNamespaces(options.namespaces());
                    }
                });
        operator.start();
        return new DistilleryOperator(operator, cleanup, events);
    }

    /** Whether the operator has started (its informers are running). */
    public boolean started() {
        return operator.getRuntimeInfo().isStarted();
    }

    /** Whether every informer is healthy. */
    public boolean healthy() {
        return operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }

    @Override
    public void close() {
        operator.stop();
        cleanup.close();
        events.close();
    }
}
