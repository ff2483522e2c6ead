package dev.distillery.cli.run;

import dev.distillery.api.plan.PlannedStep;
import dev.distillery.contract.StepSummary;
import dev.distillery.steps.artifacts.SoftLabelArtifact;
import dev.distillery.steps.artifacts.StepStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The summaries of finished steps: read back from a complete artifact's {@code metrics.json} (so a
 * finished step is reused without running), and combined over the shards of a sharded step by
 * {@link StepSummary#ofShards}.
 */
final class Summaries {
    private Summaries() {}

    /**
     * The summary of {@code step}, marked reused, if its artifact (every shard of it) is complete:
     * the step need not run.
     */
    static Optional<StepSummary> ifComplete(StepStorage storage, PlannedStep step) {
        List<StepSummary> shards = new ArrayList<>();
        for (int shard = 0; shard < step.shards(); shard++) {
            String uri =
                    SoftLabelArtifact.shardUri(
                            StepStorage.canonical(step.output()), shard, step.shards());
            if (!storage.isComplete(uri)) {
                return Optional.empty();
            }
            shards.add(StepSummary.reusedFrom(storage.fetch(uri)));
        }
        return Optional.of(combine(step, shards));
    }

    /** One summary for a step from its shards', by the rule every runner uses. */
    static StepSummary combine(PlannedStep step, List<StepSummary> shards) {
        return StepSummary.ofShards(shards, StepStorage.canonical(step.output()));
    }
}
