package dev.distillery.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.contract.StepSummary;
import org.junit.jupiter.api.Test;

class StepPlayerTest {

    @Test
    void eachStageReportsWhatItsStepWould() {
        assertThat(StepSummary.fromJson(StepPlayer.summary("teacher").toJson()).accuracy())
                .isEqualTo(0.86);
        assertThat(StepPlayer.summary("soft-labels").step()).isEqualTo("soft-labels");
        assertThat(StepPlayer.summary("student").accuracy())
                .isGreaterThan(StepPlayer.summary("baseline").accuracy());
        assertThat(StepPlayer.summary("report").step()).isEqualTo("report");
    }

    @Test
    void theSpecHasOneTeacherTwoStudentsAndBaselines() {
        var spec = BenchmarkRound.spec("bench-op-1", "bench-0001");

        assertThat(spec.getMetadata().getNamespace()).isEqualTo("bench-op-1");
        assertThat(spec.get("spec", "students").toString()).contains("mlp", "cnn");
        assertThat((Boolean) spec.get("spec", "baseline")).isTrue();
    }
}
