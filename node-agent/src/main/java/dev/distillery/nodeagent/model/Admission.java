package dev.distillery.nodeagent.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The kubelet's resource admission: a pod is refused (Failed, reason {@code OutOf<resource>}) when
 * its requests and those of the pods already admitted exceed what the node can allocate, whatever
 * the scheduler decided. CPU, memory, GPUs and any extended resource the node advertises count;
 * resources the node does not have count as zero.
 */
public final class Admission {

    private Admission() {}

    /**
     * Why {@code pod} cannot be admitted next to {@code admitted}, or empty when it fits.
     *
     * @return {reason, message}
     */
    public static Optional<String[]> refuse(
            Pod pod, Collection<Pod> admitted, Map<String, Quantity> allocatable) {
        BigDecimal pods = amount(allocatable.get("pods"));
        if (pods.signum() > 0 && BigDecimal.valueOf(admitted.size() + 1L).compareTo(pods) > 0) {
            return Optional.of(
                    new String[] {
                        "OutOfpods",
                        "Pod was rejected: Node didn't have enough resource: pods, capacity: "
                                + pods.toPlainString()
                    });
        }
        Map<String, BigDecimal> wanted = requests(pod);
        for (Map.Entry<String, BigDecimal> request : wanted.entrySet()) {
            String resource = request.getKey();
            if (request.getValue().signum() <= 0 || resource.equals("pods")) {
                continue;
            }
            BigDecimal used = BigDecimal.ZERO;
            for (Pod other : admitted) {
                used = used.add(requests(other).getOrDefault(resource, BigDecimal.ZERO));
            }
            BigDecimal capacity = amount(allocatable.get(resource));
            if (used.add(request.getValue()).compareTo(capacity) > 0) {
                return Optional.of(
                        new String[] {
                            "OutOf" + resource,
                            "Pod was rejected: Node didn't have enough resource: "
                                    + resource
                                    + ", requested: "
                                    + request.getValue().stripTrailingZeros().toPlainString()
                                    + ", used: "
                                    + used.stripTrailingZeros().toPlainString()
                                    + ", capacity: "
                                    + capacity.stripTrailingZeros().toPlainString()
                        });
            }
        }
        return Optional.empty();
    }

    /** The pod's requests summed over its containers. */
    static Map<String, BigDecimal> requests(Pod pod) {
        Map<String, BigDecimal> total = new LinkedHashMap<>();
        for (Container container : pod.getSpec().getContainers()) {
            if (container.getResources() == null) {
                continue;
            }
            Map<String, Quantity> requests = container.getResources().getRequests();
            Map<String, Quantity> limits = container.getResources().getLimits();
            Map<String, Quantity> effective = new LinkedHashMap<>();
            if (limits != null) {
                effective.putAll(limits);
            }
            if (requests != null) {
                effective.putAll(requests);
            }
            effective.forEach(
                    (name, quantity) -> total.merge(name, amount(quantity), BigDecimal::add));
        }
        return total;
    }

    private static BigDecimal amount(Quantity quantity) {
        return quantity != null ? quantity.getNumericalAmount() : BigDecimal.ZERO;
    }
}
