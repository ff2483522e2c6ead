package dev.distillery.cli.cluster;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.StepLogs;
import dev.distillery.api.status.StepStatus;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ArtifactStores;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The log a step of a Distillation stored beside its artifact ({@link StepLogs}), read back. */
final class StoredStepLog {

    private StoredStepLog() {}

    /** Where the step that {@code status} records stores its log (one per shard). */
    static List<String> uris(Distillation item, StepStatus status) {
        return StepLogs.of(item.getSpec(), PlanSettings.CLUSTER.storage(item.getSpec()), status);
    }

    /**
     * The stored log (each shard's, in shard order), read with S3 settings from {@code env}, or
     * empty when nothing is stored yet.
     */
    static Optional<String> read(Map<String, String> env, Distillation item, StepStatus status) {
        if (status.getKey() == null || status.getStage() == null) {
            return Optional.empty();
        }
        List<String> uris = uris(item, status);
        StringBuilder text = new StringBuilder();
        boolean found = false;
        try (ArtifactStore store = ArtifactStores.open(uris.get(0), env)) {
            for (String uri : uris) {
                Optional<byte[]> log = store.readObject(uri);
                if (log.isPresent()) {
                    text.append(new String(log.get(), StandardCharsets.UTF_8));
                    found = true;
                }
            }
        }
        return found ? Optional.of(text.toString()) : Optional.empty();
    }
}
