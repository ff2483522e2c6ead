package dev.distillery.operator;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts the operator's requests to the API server by HTTP method (a watch counts once). */
public final class ApiRequestCounter implements Interceptor {

    private final MeterRegistry registry;

    public ApiRequestCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        Counter.builder("distillery.api.requests")
                .description("Requests to the Kubernetes API server, by method")
                .tag("method", request.method())
                .register(registry)
                .increment();
    }
}
