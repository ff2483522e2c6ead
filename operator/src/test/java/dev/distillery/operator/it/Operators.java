package dev.distillery.operator.it;

import dev.distillery.operator.DistilleryOperator;
import dev.distillery.operator.LeaderElection;
import dev.distillery.operator.OperatorOptions;
import dev.distillery.operator.model.JobSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An operator running in this JVM under the ServiceAccount of manifests/ (by impersonation), so
 * every IT also proves that RBAC is enough.
 *
 * @param operator the running operator
 * @param client its client, impersonating the ServiceAccount
 * @param metrics its Prometheus registry
 * @param requests the path of every request its client sent, in order
 */
record Operators(
        DistilleryOperator operator,
        KubernetesClient client,
        PrometheusMeterRegistry metrics,
        List<String> requests)
        implements AutoCloseable {

    /** A short pod start timeout, so an IT sees a pod that cannot start fail its step. */
    static final Duration POD_START_TIMEOUT = Duration.ofSeconds(8);

    static final JobSettings JOBS =
            new JobSettings(
                    "registry.test/distillery-step:it", "nvidia.com/gpu", 2, POD_START_TIMEOUT);

    /** An operator watching {@code namespace}, without leader election. */
    static Operators start(String namespace) {
        return start(namespace, null, Duration.ofSeconds(3));
    }

    /** An operator watching {@code namespace}, with leader election when given. */
    static Operators start(String namespace, LeaderElection election, Duration cleanupBudget) {
        return start(namespace, election, cleanupBudget, Map.of());
    }

    /** An operator watching {@code namespace} that cleans up with {@code storage} credentials. */
    static Operators start(String namespace, Map<String, String> storage) {
        return start(namespace, null, Duration.ofSeconds(20), storage);
    }

    private static Operators start(
            String namespace,
            LeaderElection election,
            Duration cleanupBudget,
            Map<String, String> storage) {
        List<String> requests = new CopyOnWriteArrayList<>();
        KubernetesClient client =
                ApiServer.asOperator(
                        new Interceptor() {
                            @Override
                            public void before(
                                    BasicBuilder builder, HttpRequest request, RequestTags tags) {
                                requests.add(request.uri().getPath());
                            }
                        });
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OperatorOptions options =
                new OperatorOptions(
                        Set.of(namespace),
                        JOBS,
                        election,
                        cleanupBudget,
                        election != null ? election.identity() : "it-" + namespace);
        return new Operators(
                DistilleryOperator.start(client, options, registry, storage),
                client,
                registry,
                requests);
    }

    @Override
    public void close() {
        operator.close();
        client.close();
    }
}
