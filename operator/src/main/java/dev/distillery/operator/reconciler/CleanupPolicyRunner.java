package dev.distillery.operator.reconciler;

import dev.distillery.api.Distillation;
import dev.distillery.api.spec.CleanupPolicy;
import dev.distillery.api.spec.StorageSpec;
import dev.distillery.operator.model.Transition;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Applies {@code spec.cleanupPolicy} when a Distillation is deleted: Retain lets it go at once;
 * Delete removes the artifacts it wrote and no other Distillation uses through {@link
 * ArtifactCleanup} and always lets it go in the end, with a Warning Event when storage could not be
 * reached. Jobs go through their ownerReferences.
 */
public final class CleanupPolicyRunner {

    /** How often a deletion polls a running cleanup, in milliseconds. */
    public static final long POLL_MILLIS = 1000;

    private final ArtifactCleanup cleanup;
    private final EventRecorder events;

    private final Map<String, String> environment;

    public CleanupPolicyRunner(
            ArtifactCleanup cleanup, EventRecorder events, Map<String, String> environment) {
        this.cleanup = cleanup;
        this.events = events;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Whether {@code distillation} needs the finalizer: only {@code cleanupPolicy: Delete} has
     * anything to do at deletion.
     */
    public static boolean needsFinalizer(Distillation distillation) {
        return distillation.getSpec() != null
                && distillation.getSpec().cleanupPolicy() == CleanupPolicy.DELETE;
    }

    /**
     * Runs the next step of deleting {@code distillation} and says whether it is done (the
     * finalizer may go) or needs another poll in {@link #POLL_MILLIS}; {@code others} are the
     * Distillations the operator knows, whose artifacts are kept.
     */
    public boolean run(Distillation distillation, Supplier<Collection<Distillation>> others) {
        if (!needsFinalizer(distillation)
                || ArtifactOwnership.written(distillation.getStatus()).isEmpty()) {
            return true;
        }
        Map<String, String> env = storageEnvironment(distillation);
        ArtifactCleanup.Outcome outcome = cleanup.poll(distillation, others, env);
        switch (outcome.state()) {
            case RUNNING -> {
                return false;
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
        return true;
    }

    /**
     * The S3 settings for deleting: the operator's own credentials (from its optional {@code
     * distillery-storage} Secret, so it needs no access to users' Secrets), the spec's endpoint and
     * few retries.
     */
    private Map<String, String> storageEnvironment(Distillation distillation) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("DISTILLERY_S3_ATTEMPTS", "2");
        env.put("DISTILLERY_S3_BACKOFF_MS", "200");
        StorageSpec storage = distillation.getSpec().storage();
        if (storage != null && storage.endpoint() != null) {
            env.put("AWS_ENDPOINT_URL", storage.endpoint());
        }
        if (storage != null && storage.region() != null) {
            env.put("AWS_REGION", storage.region());
        }
        if (storage != null && storage.addressingStyle() != null) {
            env.put("DISTILLERY_S3_ADDRESSING_STYLE", storage.addressingStyle());
        }
        return env;
    }
}
