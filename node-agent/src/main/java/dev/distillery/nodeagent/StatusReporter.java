package dev.distillery.nodeagent;

import dev.distillery.nodeagent.model.ContainerView;
import dev.distillery.nodeagent.model.PodStatuses;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends pod statuses to the API server (a merge patch of the status subresource), only when they
 * changed, and deletes a pod for good once its containers are gone, as the kubelet does.
 */
final class StatusReporter {

    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);

    private final KubernetesClient client;
    private final String address;
    private final Map<String, String> sent = new ConcurrentHashMap<>();

    StatusReporter(KubernetesClient client, String address) {
        this.client = client;
        this.address = address;
    }

    /** Reports {@code containers}; a pod being deleted is never reported as restarting. */
    void report(Pod pod, List<ContainerView> containers, String startTime, boolean deleting) {
        Pod basis = pod;
        if (deleting && !"Never".equals(pod.getSpec().getRestartPolicy())) {
            basis =
                    new io.fabric8.kubernetes.api.model.PodBuilder(pod)
                            .editSpec()
                            .withRestartPolicy("Never")
                            .endSpec()
                            .build();
        }
        send(pod, PodStatuses.status(basis, containers, startTime, address, AgentContext.now()));
    }

    /** Reports a pod the node refused to run. */
    void reject(Pod pod, String reason, String message) {
        send(pod, PodStatuses.rejected(pod, reason, message, AgentContext.now()));
    }

    private synchronized void send(Pod pod, PodStatus status) {
        String uid = pod.getMetadata().getUid();
        String json = Serialization.asJson(status);
        // Compare without times of conditions, which only move with their status anyway.
        if (Objects.equals(sent.get(uid), json)) {
            return;
        }
        try {
            client.pods()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName())
                    .subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":" + json + "}");
            sent.put(uid, json);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn(
                        "event=StatusPatchFailed pod={}/{} error={}",
                        pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(),
                        e.getMessage());
            }
        }
    }

    /** Deletes {@code pod} with no grace period: its containers are gone. */
    void delete(Pod pod) {
        try {
            client.pods()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName())
                    .withGracePeriod(0)
                    .delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn(
                        "event=PodDeleteFailed pod={}/{} error={}",
                        pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(),
                        e.getMessage());
            }
        }
        sent.remove(pod.getMetadata().getUid());
    }
}
