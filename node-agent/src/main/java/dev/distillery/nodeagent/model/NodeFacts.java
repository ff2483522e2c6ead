package dev.distillery.nodeagent.model;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;

/**
 * What a pod may learn about the node it runs on: its name, its address (the host's loopback: pods
 * share the host network), where the API server listens, and what it can allocate.
 *
 * @param name the Node's name
 * @param address the node's and every pod's IP
 * @param apiServerHost the API server host for {@code KUBERNETES_SERVICE_HOST}
 * @param apiServerPort the API server port for {@code KUBERNETES_SERVICE_PORT}
 * @param allocatable cpu, memory, pods and extended resources such as {@code nvidia.com/gpu}
 */
public record NodeFacts(
        String name,
        String address,
        String apiServerHost,
        int apiServerPort,
        Map<String, Quantity> allocatable) {

    public NodeFacts {
        allocatable = Map.copyOf(allocatable);
    }

    /** The allocatable amount of {@code resource}, zero when the node has none. */
    public BigDecimal allocatable(String resource) {
        Quantity amount = allocatable.get(resource);
        return amount != null ? amount.getNumericalAmount() : BigDecimal.ZERO;
    }
}
