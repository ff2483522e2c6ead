package dev.distillery.operator.reconciler;

import dev.distillery.api.Distillation;
import dev.distillery.api.spec.CleanupPolicy;
import dev.distillery.api.spec.StorageSpec;
import dev.distillery.operator.model.Transition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies {@code spec.cleanupPolicy} when a Distillation is deleted: Retain lets it go at once;
 * Delete removes its artifacts through {@link ArtifactCleanup} and always lets it go in the end,
 * with a Warning Event when storage could not be reached. Jobs go through their ownerReferences.
 */
public final class CleanupPolicyRunner {

    /** How often a deletion polls a running cleanup, in milliseconds. */
    static final long POLL_MILLIS = 1000;

    private final ArtifactCleanup cleanup;
    private final EventRecorder events;

    public CleanupPolicyRunner(ArtifactCleanup cleanup, EventRecorder events) {
        this.cleanup = cleanup;
        this.events = events;
    }

    /** The next step of deleting {@code distillation}. */
    public DeleteControl run(Distillation distillation, KubernetesClient client) {
        if (distillation.getSpec() == null
                || distillation.getSpec().cleanupPolicy() != CleanupPolicy.DELETE
                || ArtifactCleanup.artifacts(distillation.getStatus()).isEmpty()) {
            return DeleteControl.defaultDelete();
        }
        Map<String, String> env;
        try {
            env = storageEnvironment(distillation, client);
        } catch (KubernetesClientException e) {
            events.record(
                    distillation,
                    new Transition(
                            true,
                            "ArtifactCleanupFailed",
                            "artifacts remain in storage: cannot read the credentials Secret: "
                                    + e.getMessage()));
            return DeleteControl.defaultDelete();
        }
        ArtifactCleanup.Outcome outcome = cleanup.poll(distillation, env);
        switch (outcome.state()) {
            case RUNNING -> {
                return DeleteControl.noFinalizerRemoval().rescheduleAfter(POLL_MILLIS);
            }
            case SUCCEEDED ->
                    events.record(
                            distillation,
                            new Transition(false, "ArtifactsDeleted", outcome.message()));
            case FAILED ->
                    events.record(
                            distillation,
                            new Transition(true, "ArtifactCleanupFailed", outcome.message()));
        }
        return DeleteControl.defaultDelete();
    }

    /** The S3 settings of the steps: endpoint from the spec, keys from the Secret, few retries. */
    private static Map<String, String> storageEnvironment(
            Distillation distillation, KubernetesClient client) {
        Map<String, String> env = new HashMap<>();
        env.put("DISTILLERY_S3_ATTEMPTS", "2");
        env.put("DISTILLERY_S3_BACKOFF_MS", "200");
        StorageSpec storage = distillation.getSpec().storage();
        if (storage == null) {
            return env;
        }
        if (storage.endpoint() != null) {
            env.put("AWS_ENDPOINT_URL", storage.endpoint());
        }
        if (storage.credentialsSecret() != null) {
            Secret secret =
                    client.secrets()
                            .inNamespace(distillation.getMetadata().getNamespace())
                            .withName(storage.credentialsSecret())
                            .get();
            if (secret == null) {
                throw new KubernetesClientException(
                        "Secret " + storage.credentialsSecret() + " not found");
            }
            for (String key : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
                if (secret.getData() != null && secret.getData().get(key) != null) {
                    env.put(
                            key,
                            new String(
                                    Base64.getDecoder().decode(secret.getData().get(key)),
                                    StandardCharsets.UTF_8));
                }
            }
        }
        return env;
    }
}
