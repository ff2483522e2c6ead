package dev.distillery.bench.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * How long the API server took to create Jobs, from its own histogram {@code
 * apiserver_request_duration_seconds} (the time its handlers spent on the request, after API
 * Priority and Fairness let it in). Only the operator creates Jobs in the benchmark's cluster.
 */
public final class ApiServerLatency {

    private static final String METRIC = "apiserver_request_duration_seconds";

    private final KubernetesClient admin;

    /** Reads the API server's {@code /metrics} through {@code admin}. */
    public ApiServerLatency(KubernetesClient admin) {
        this.admin = admin;
    }

    /** The Job creates so far. */
    public Histogram jobCreates() {
        return jobCreates(admin.raw("/metrics"));
    }

    /** The Job creates in Prometheus text {@code metrics}. */
    static Histogram jobCreates(String metrics) {
        return Histogram.parse(
                metrics,
                METRIC,
                Map.of("verb", "POST", "group", "batch", "resource", "jobs", "subresource", ""));
    }
}
