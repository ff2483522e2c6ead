package dev.distillery.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.DistillationYaml;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.Planner;
import dev.distillery.contract.GroupMetrics;
import dev.distillery.contract.StepSummary;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A pack's one step maps into each of its students' status, and a pack of twins into each student's
 * scratch accuracy, exactly as their own steps would.
 */
class PackedStatusTest {
    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    static final Plan PLAN =
            Planner.plan(
                    DistillationYaml.parse(
                            """
                            apiVersion: distillery.dev/v1alpha1
                            kind: Distillation
                            metadata: {name: packed}
                            spec:
                              dataset: {name: fashion-mnist, limit: 2000}
                              teacher: {model: 'cnn:8,16'}
                              students:
                                - {name: small, model: 'mlp:32', group: mlps}
                                - {name: tiny, model: 'mlp:8', group: mlps}
                              sweep: {temperature: [2, 4]}
                              baseline: true
                            """,
                            "packed.yaml"),
                    PlanSettings.withDefaultStorage("file:///tmp/kd"));

    @Test
    void thePacksStepListsWhatItTrainsAndItsStudentsRunWithIt() {
        DistillationStatus status = StatusLayout.initial(PLAN, false, 1, T0);

        assertThat(status.getSteps())
                .filteredOn(s -> s.getName().equals("pack-mlps"))
                .singleElement()
                .satisfies(
                        s ->
                                assertThat(s.getPacked())
                                        .containsExactly(
                                                "small-t2", "small-t4", "tiny-t2", "tiny-t4"));
        StepResults.started(status, "pack-mlps", null, T0);

        assertThat(status.getStudents()).allMatch(s -> s.getPhase() == StepPhase.RUNNING);
        StepResults.failed(status, "pack-mlps", "out of memory", T0);
        assertThat(status.getStudents()).allMatch(s -> s.getPhase() == StepPhase.FAILED);
    }

    @Test
    void everyPackedStudentsAndTwinsAccuracyReachesTheStatusAndTheSweepChoosesAmongThem() {
        DistillationStatus status = StatusLayout.initial(PLAN, false, 1, T0);
        String pack = PLAN.step("pack-mlps").orElseThrow().output();
        String twins = PLAN.step("baseline-pack-mlps").orElseThrow().output();
        Map<String, Double> students = new LinkedHashMap<>();
        put(students, "small-t2", 0.85, 0.86, 25000);
        put(students, "small-t4", 0.87, 0.88, 25000);
        put(students, "tiny-t2", 0.81, 0.80, 6000);
        put(students, "tiny-t4", 0.80, 0.79, 6000);
        Map<String, Double> scratch = new LinkedHashMap<>();
        put(scratch, "small", 0.84, 0.83, 25000);
        put(scratch, "tiny", 0.78, 0.77, 6000);

        succeeded(
                status,
                "teacher-0",
                new StepSummary(
                        "train",
                        null,
                        0.9,
                        200000L,
                        10,
                        1800L,
                        1,
                        false,
                        Map.of("testAccuracy", 0.9)));
        succeeded(
                status,
                "pack-mlps",
                new StepSummary("packed", pack, 0.88, 62000L, 10, 1800L, 5, false, students));
        succeeded(
                status,
                "baseline-pack-mlps",
                new StepSummary("packed", twins, 0.83, 31000L, 10, 1800L, 5, false, scratch));
        StatusRollup.apply(status, false, 1, T0);

        StudentStatus small = student(status, "small-t4");
        assertThat(small.getPhase()).isEqualTo(StepPhase.SUCCEEDED);
        assertThat(small.getAccuracy()).isEqualTo(0.87);
        assertThat(small.getValidationAccuracy()).isEqualTo(0.88);
        assertThat(small.getParameters()).isEqualTo(25000L);
        assertThat(small.getArtifact()).isEqualTo(pack + "/student-small-t4");
        assertThat(small.getScratchAccuracy()).isEqualTo(0.84);
        assertThat(small.getBaselineArtifact()).isEqualTo(twins + "/student-small");
        assertThat(student(status, "tiny-t2").getScratchAccuracy()).isEqualTo(0.78);
        assertThat(student(status, "tiny-t2").getAccuracy()).isEqualTo(0.81);
        assertThat(small.getSelected()).isTrue();
        assertThat(student(status, "small-t2").getSelected()).isFalse();
        assertThat(student(status, "tiny-t2").getSelected()).isTrue();
        assertThat(status.getBest().getName()).isEqualTo("small-t4");
    }

    private static void succeeded(DistillationStatus status, String step, StepSummary summary) {
        StepResults.succeeded(status, PLAN, step, summary, T0);
    }

    private static StudentStatus student(DistillationStatus status, String name) {
        return status.getStudents().stream()
                .filter(s -> s.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static void put(
            Map<String, Double> metrics, String name, double test, double val, long params) {
        String network = GroupMetrics.student(name);
        metrics.put(GroupMetrics.key(network, GroupMetrics.TEST_ACCURACY), test);
        metrics.put(GroupMetrics.key(network, GroupMetrics.VALIDATION_ACCURACY), val);
        metrics.put(GroupMetrics.key(network, GroupMetrics.PARAMETERS), (double) params);
    }
}
