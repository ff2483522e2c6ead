package dev.distillery.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.StepSummary;
import dev.distillery.steps.artifacts.SoftLabelArtifact;
import dev.distillery.steps.artifacts.StepStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The summaries of finished steps: read back from a complete artifact's {@code metrics.json} (so a
 * finished step is reused without running), and combined over the shards of a sharded step by
 * {@link StepSummary#ofShards}.
 */
final class Summaries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Summaries() {}

    /** The summary of {@code step} if its artifact (every shard of it) is complete. */
    static Optional<StepSummary> ifComplete(StepStorage storage, PlannedStep step) {
        List<StepSummary> shards = new ArrayList<>();
        for (int shard = 0; shard < step.shards(); shard++) {
            String uri =
                    SoftLabelArtifact.shardUri(
                            StepStorage.canonical(step.output()), shard, step.shards());
            if (!storage.isComplete(uri)) {
                return Optional.empty();
            }
            shards.add(read(storage.fetch(uri), uri));
        }
        return Optional.of(combine(step, shards));
    }

    /** One summary for a step from its shards', by the rule every runner uses. */
    static StepSummary combine(PlannedStep step, List<StepSummary> shards) {
        return StepSummary.ofShards(shards, StepStorage.canonical(step.output()));
    }

    private static StepSummary read(Path folder, String uri) {
        try {
            JsonNode summary = JSON.readTree(folder.resolve(ArtifactFiles.METRICS).toFile());
            return StepSummary.fromJson(summary.path("summary").toString());
        } catch (IOException e) {
            throw DistilleryException.badInput(
                    uri + "/" + ArtifactFiles.METRICS + " cannot be read: " + e.getMessage(), e);
        }
    }
}
