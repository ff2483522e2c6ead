package dev.distillery.operator;

import dev.distillery.contract.ExitCodes;
import dev.distillery.operator.model.JobSettings;
import dev.distillery.operator.model.StepJobFactory;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code distillery-operator} process: reconciles Distillations until it is stopped. */
@Command(
        name = "distillery-operator",
        mixinStandardHelpOptions = true,
        version = "distillery-operator 0.1.0",
        description = "Runs Distillation resources as batch/v1 Jobs.")
public final class OperatorCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorCommand.class);

    @Spec CommandSpec spec;

    @Option(
            names = "--namespaces",
            split = ",",
            defaultValue = "${env:DISTILLERY_NAMESPACES:-}",
            description =
                    "Namespaces to watch, comma-separated; all when empty (env DISTILLERY_NAMESPACES).")
    List<String> namespaces = List.of();

    @Option(
            names = "--step-image",
            defaultValue = "${env:DISTILLERY_STEP_IMAGE:-" + JobSettings.DEFAULT_IMAGE + "}",
            description =
                    "Step image when a spec names none (env DISTILLERY_STEP_IMAGE). Default: ${DEFAULT-VALUE}.")
    String stepImage;

    @Option(
            names = "--gpu-resource",
            defaultValue = "${env:DISTILLERY_GPU_RESOURCE:-" + JobSettings.NVIDIA_GPU + "}",
            description =
                    "Extended resource that counts GPUs (env DISTILLERY_GPU_RESOURCE). Default: ${DEFAULT-VALUE}.")
    String gpuResource;

    @Option(
            names = "--backoff-limit",
            defaultValue = "${env:DISTILLERY_BACKOFF_LIMIT:-2}",
            description =
                    "Retries of a failing step pod (env DISTILLERY_BACKOFF_LIMIT). Default: ${DEFAULT-VALUE}.")
    int backoffLimit;

    @Option(
            names = "--pod-start-timeout",
            defaultValue = "${env:DISTILLERY_POD_START_TIMEOUT:-PT5M}",
            description =
                    "How long a step's pod may be unable to start (image not pulled, Secret"
                            + " missing) before the step fails, ISO-8601 (env"
                            + " DISTILLERY_POD_START_TIMEOUT). Default: ${DEFAULT-VALUE}.")
    Duration podStartTimeout;

    @Option(
            names = "--leader-election",
            negatable = true,
            defaultValue = "${env:DISTILLERY_LEADER_ELECTION:-false}",
            fallbackValue = "true",
            description =
                    "Elect a leader through a Lease, for several replicas (env DISTILLERY_LEADER_ELECTION).")
    boolean leaderElection;

    @Option(
            names = "--lease-name",
            defaultValue = "${env:DISTILLERY_LEASE_NAME:-distillery-operator}",
            description = "The Lease's name. Default: ${DEFAULT-VALUE}.")
    String leaseName;

    @Option(
            names = "--lease-namespace",
            defaultValue = "${env:POD_NAMESPACE:-distillery-system}",
            description = "The Lease's namespace (env POD_NAMESPACE). Default: ${DEFAULT-VALUE}.")
    String leaseNamespace;

    @Option(
            names = "--lease-duration",
            defaultValue = "${env:DISTILLERY_LEASE_DURATION:-PT15S}",
            description =
                    "How long a lease holds without renewal, ISO-8601. Default: ${DEFAULT-VALUE}.")
    Duration leaseDuration;

    @Option(
            names = "--identity",
            defaultValue = "${env:POD_NAME:-${env:HOSTNAME:-distillery-operator}}",
            description = "This replica's identity (env POD_NAME). Default: ${DEFAULT-VALUE}.")
    String identity;

    @Option(
            names = "--http-port",
            defaultValue = "${env:DISTILLERY_HTTP_PORT:-8080}",
            description = "Port of /healthz, /readyz and /metrics. Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(
            names = "--cleanup-timeout",
            defaultValue = "${env:DISTILLERY_CLEANUP_TIMEOUT:-PT30S}",
            description =
                    "Longest artifact cleanup on deletion, ISO-8601. Default: ${DEFAULT-VALUE}.")
    Duration cleanupTimeout;

    @Option(
            names = "--reconcile-threads",
            defaultValue = "${env:DISTILLERY_RECONCILE_THREADS:-0}",
            description =
                    "Distillations reconciled at once; 0: "
                            + OperatorOptions.THREADS_PER_CORE
                            + " per core. Default: ${DEFAULT-VALUE}.")
    int reconcileThreads;

    @Option(
            names = "--warm-up-rounds",
            defaultValue = "${env:DISTILLERY_WARM_UP_ROUNDS:-" + WarmUp.DEFAULT_ROUNDS + "}",
            description =
                    "Sample Distillations reconciled in memory before starting, so a backlog"
                            + " meets compiled code; 0: none (env DISTILLERY_WARM_UP_ROUNDS)."
                            + " Default: ${DEFAULT-VALUE}.")
    int warmUpRounds;

    @Option(
            names = "--watch-reconnect-interval",
            defaultValue = "${env:DISTILLERY_WATCH_RECONNECT_INTERVAL:-PT0.1S}",
            description =
                    "How long an informer waits to watch again after the API server ended its watch"
                            + " (as it ends one that falls behind), doubling while attempts fail,"
                            + " ISO-8601 (env DISTILLERY_WATCH_RECONNECT_INTERVAL)."
                            + " Default: ${DEFAULT-VALUE}.")
    Duration watchReconnectInterval;

    /** The longest {@code --watch-reconnect-interval} (fabric8 waits up to 32 times it). */
    static final Duration MAX_WATCH_RECONNECT_INTERVAL = Duration.ofMinutes(1);

    public static void main(String[] args) {
        System.exit(new CommandLine(new OperatorCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        OperatorOptions options = options();
        Config config = clientConfig();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CountDownLatch stopped = new CountDownLatch(1);
        new JvmMemoryMetrics().bindTo(registry);
        ApiRequestCounter requests = new ApiRequestCounter(registry);
        try (KubernetesClient client =
                new KubernetesClientBuilder()
                        .withConfig(config)
                        .withHttpClientBuilderConsumer(
                                http -> http.addOrReplaceInterceptor("metrics", requests))
                        .build()) {
            warmUp(client, options);
            try (DistilleryOperator operator = DistilleryOperator.start(client, options, registry);
                    HealthServer http =
                            HealthServer.start(
                                    httpPort, operator::healthy, operator::started, registry)) {
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
                LOG.info(
                        "event=OperatorStarted identity={} namespaces={} leaderElection={}"
                                + " httpPort={}",
                        identity,
                        options.namespaces().isEmpty() ? "all" : options.namespaces(),
                        leaderElection,
                        http.port());
                stopped.await();
            }
        }
        return ExitCodes.OK;
    }

    /** Runs {@link WarmUp} with the client's own JSON serialization (its caches warm with it). */
    private void warmUp(KubernetesClient client, OperatorOptions options) {
        WarmUp.Done done =
                new WarmUp(new StepJobFactory(options.jobs()), client.getKubernetesSerialization())
                        .run(warmUpRounds);
        LOG.info(
                "event=WarmedUp rounds={} jobs={} millis={}",
                done.rounds(),
                done.jobs(),
                done.took().toMillis());
    }

    /**
     * The client's settings: the kubeconfig's or the pod's, as fabric8 finds them, with {@code
     * --watch-reconnect-interval}. fabric8 waits 1 s by default before watching again, where
     * client-go watches again at once: each watch the API server ends would leave the operator a
     * second behind the Jobs it waits on.
     */
    Config clientConfig() {
        // The client counts whole milliseconds: under one would be zero, a watch started again
        // at once and forever while the API server is down.
        if (watchReconnectInterval.compareTo(Duration.ofMillis(1)) < 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--watch-reconnect-interval must be longer than zero (at least PT0.001S)");
        }
        // Doubled while attempts fail, up to 32 times itself: a longer one could leave the
        // operator blind for more than half an hour after the API server comes back.
        if (watchReconnectInterval.compareTo(MAX_WATCH_RECONNECT_INTERVAL) > 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--watch-reconnect-interval must be at most "
                            + MAX_WATCH_RECONNECT_INTERVAL
                            + ", got "
                            + watchReconnectInterval);
        }
        return new ConfigBuilder(Config.autoConfigure(null))
                .withWatchReconnectInterval(Math.toIntExact(watchReconnectInterval.toMillis()))
                .build();
    }

    OperatorOptions options() {
        Set<String> watched = new LinkedHashSet<>();
        for (String namespace : namespaces) {
            if (!namespace.isBlank()) {
                watched.add(namespace.strip());
            }
        }
        JobSettings jobs;
        try {
            jobs = new JobSettings(stepImage, gpuResource, backoffLimit, podStartTimeout);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        LeaderElection election =
                leaderElection
                        ? new LeaderElection(
                                leaseName, leaseNamespace, identity, leaseDuration, true)
                        : null;
        if (warmUpRounds < 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--warm-up-rounds must be 0 (none) or more");
        }
        if (reconcileThreads < 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--reconcile-threads must be 0 (per core) or more");
        }
        return new OperatorOptions(
                watched,
                jobs,
                election,
                cleanupTimeout,
                identity,
                reconcileThreads > 0
                        ? reconcileThreads
                        : OperatorOptions.defaultReconcileThreads());
    }
}
