package dev.distillery.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.spec.Stage;
import dev.distillery.contract.StepSummary;
import dev.distillery.steps.artifacts.SoftLabelArtifact;
import dev.distillery.steps.artifacts.StepStorage;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ArtifactStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummariesTest {
    @TempDir Path dir;

    @Test
    void aShardedStepIsReusedOnlyWhenEveryShardIsCompleteAndCountsAllSamplesAndKeepsTheScores()
            throws IOException {
        String output = dir.resolve("soft-labels").toUri().toString();
        PlannedStep step =
                new PlannedStep(
                        "soft-labels",
                        Stage.SOFT_LABELS,
                        null,
                        List.of("soft-labels", "--output", output),
                        output,
                        List.of(),
                        null,
                        "k",
                        2);
        try (StepStorage storage = new StepStorage()) {
            publishShard(output, 0, 600);
            assertThat(Summaries.ifComplete(storage, step)).isEmpty();

            publishShard(output, 1, 400);
            StepSummary combined = Summaries.ifComplete(storage, step).orElseThrow();

            assertThat(combined.samples()).isEqualTo(1000);
            assertThat(combined.artifact()).isEqualTo(StepStorage.canonical(output));
            // The first shard scores the ensemble; the status's teacher accuracy comes from it.
            assertThat(combined.metrics()).containsEntry("testAccuracy", 0.935);
            // The rule the operator reads a sharded Job's pods by: work adds up, scores are the
            // first shard's.
            assertThat(combined.seconds()).isEqualTo(3.0);
            assertThat(combined.accuracy()).isEqualTo(0.91);
            // Read back instead of run: reused, by the rule a step pod reports it on a cluster.
            assertThat(combined.reused()).isTrue();
        }
    }

    @Test
    void aStepWithoutArtifactIsNotReused() {
        String output = dir.resolve("teacher").toUri().toString();
        PlannedStep step =
                new PlannedStep(
                        "teacher-0",
                        Stage.TEACHER,
                        null,
                        List.of("train"),
                        output,
                        List.of(),
                        null,
                        "k",
                        1);
        try (StepStorage storage = new StepStorage()) {
            assertThat(Summaries.ifComplete(storage, step)).isEmpty();
        }
    }

    private void publishShard(String output, int shard, long samples) throws IOException {
        String uri = SoftLabelArtifact.shardUri(StepStorage.canonical(output), shard, 2);
        Path folder = Files.createDirectories(dir.resolve("shard-src-" + shard));
        StepSummary summary =
                new StepSummary(
                        "soft-labels",
                        uri,
                        shard == 0 ? 0.91 : null,
                        null,
                        null,
                        samples,
                        shard + 1.0,
                        false,
                        shard == 0 ? Map.of("testAccuracy", 0.935) : Map.of());
        Files.writeString(folder.resolve("metrics.json"), "{\"summary\":" + summary.toJson() + "}");
        try (ArtifactStore store = ArtifactStores.open(uri)) {
            store.publish(folder, uri);
        }
    }
}
