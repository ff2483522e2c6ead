package dev.distillery.bench.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;

/**
 * The Distillations of one namespace and their phases, from a watch: counting them never lists
 * 1,000 objects from the apiserver being measured.
 */
final class DistillationPhases implements AutoCloseable {

    private final SharedIndexInformer<GenericKubernetesResource> informer;

    DistillationPhases(KubernetesClient admin, String namespace) {
        this.informer =
                admin.genericKubernetesResources(BenchmarkRound.DISTILLATIONS)
                        .inNamespace(namespace)
                        // Selects nothing out, but names this watch in the API server's log
                        // apart from the operator's (bench/operator/terminated_watchers.py).
                        .withField("metadata.namespace", namespace)
                        .inform();
    }

    /** How many exist. */
    int count() {
        return informer.getStore().list().size();
    }

    /** How many are in {@code phase}. */
    long inPhase(String phase) {
        return informer.getStore().list().stream().filter(d -> phase.equals(phase(d))).count();
    }

    @SuppressWarnings("unchecked")
    static String phase(GenericKubernetesResource distillation) {
        Object status = distillation.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map
                ? (String) ((Map<String, Object>) map).get("phase")
                : null;
    }

    @Override
    public void close() {
        informer.close();
    }
}
