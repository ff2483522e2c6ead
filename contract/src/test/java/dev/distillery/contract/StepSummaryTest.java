package dev.distillery.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepSummaryTest {

    private static StepSummary shard(
            Double accuracy, long samples, double seconds, boolean resumed) {
        return new StepSummary(
                "soft-labels",
                "s3://b/soft-labels/k/shard",
                accuracy,
                null,
                null,
                samples,
                seconds,
                resumed,
                accuracy != null ? Map.of("testAccuracy", 0.93) : Map.of());
    }

    @Test
    void shardsAddUpTheirWorkAndKeepTheFirstShardsScores() {
        StepSummary combined =
                StepSummary.ofShards(
                        List.of(shard(0.91, 600, 10, false), shard(null, 400, 30, true)),
                        "s3://b/soft-labels/k");

        assertThat(combined.samples()).isEqualTo(1000);
        assertThat(combined.seconds()).isEqualTo(40);
        assertThat(combined.accuracy()).isEqualTo(0.91);
        assertThat(combined.metrics()).containsEntry("testAccuracy", 0.93);
        assertThat(combined.resumed()).isTrue();
        assertThat(combined.artifact()).isEqualTo("s3://b/soft-labels/k");
    }

    @Test
    void oneShardIsTheStepsOwnSummary() {
        StepSummary only = shard(0.9, 10, 1, false);
        assertThat(StepSummary.ofShards(List.of(only), "elsewhere")).isSameAs(only);
    }

    @Test
    void noShardIsAMistake() {
        assertThatThrownBy(() -> StepSummary.ofShards(List.of(), null))
                .hasMessageContaining("at least one shard");
    }

    @Test
    void aSummaryReadBackFromACompleteArtifactIsReusedAndSaysSoOnTheWire(@TempDir Path folder)
            throws Exception {
        StepSummary written = shard(0.9, 10, 1, false);
        Files.writeString(
                folder.resolve(ArtifactFiles.METRICS),
                "{\"accuracy\":0.9,\"summary\":" + written.toJson() + "}");

        StepSummary reused = StepSummary.reusedFrom(folder);

        assertThat(written.reused()).isFalse();
        assertThat(reused.reused()).isTrue();
        assertThat(reused.accuracy()).isEqualTo(0.9);
        assertThat(StepSummary.fromJson(reused.toJson()).reused()).isTrue();
        assertThat(StepSummary.fromJson("{\"step\":\"train\",\"seconds\":1}").reused()).isFalse();
    }

    @Test
    void aShardedStepIsReusedOnlyWhenEveryShardWas() {
        StepSummary a = shard(0.9, 10, 1, false).asReused();
        StepSummary b = shard(null, 10, 1, false);

        assertThat(StepSummary.ofShards(List.of(a, b), "x").reused()).isFalse();
        assertThat(StepSummary.ofShards(List.of(a, b.asReused()), "x").reused()).isTrue();
    }

    @Test
    void anUnreadableMetricsFileIsBadInputNamingTheFile(@TempDir Path folder) {
        assertThatThrownBy(() -> StepSummary.reusedFrom(folder))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining(folder.resolve(ArtifactFiles.METRICS).toString());
    }
}
