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

/** An online group's one step maps into the teacher's and every student's status. */
class OnlineStatusTest {
    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    static final Plan PLAN =
            Planner.plan(
                    DistillationYaml.parse(
                            """
                            apiVersion: distillery.dev/v1alpha1
                            kind: Distillation
                            metadata: {name: group}
                            spec:
                              mode: online
                              dataset: {name: fashion-mnist, limit: 2000}
                              teacher: {model: 'cnn:8,16', training: {seed: 3}}
                              students:
                                - {name: small, model: 'mlp:32'}
                                - {name: tiny, model: 'mlp:8'}
                            """,
                            "group.yaml"),
                    PlanSettings.withDefaultStorage("file:///tmp/kd"));

    @Test
    void theGroupsTeacherIsOneMemberAndItsStudentsRunWithItsStep() {
        DistillationStatus status = StatusLayout.initial(PLAN, false, 1, T0);

        assertThat(status.getTeacher().getMembers())
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.getModel()).isEqualTo("cnn:8,16");
                            assertThat(m.getSeed()).isEqualTo(3L);
                        });
        StepResults.started(status, "online", null, T0);
        StatusRollup.apply(status, false, 1, T0);

        assertThat(status.getStudents()).allMatch(s -> s.getPhase() == StepPhase.RUNNING);
        assertThat(Conditions.get(status, Conditions.TEACHER_READY).orElseThrow().getReason())
                .isEqualTo(Reasons.RUNNING);
        assertThat(Conditions.get(status, Conditions.SOFT_LABELS_READY).orElseThrow().getMessage())
                .contains("mode: online");
    }

    @Test
    void everyNetworksAccuracyReachesTheStatusTheTeachersToo() {
        DistillationStatus status = StatusLayout.initial(PLAN, false, 1, T0);
        String output = PLAN.step("online").orElseThrow().output();
        Map<String, Double> metrics = new LinkedHashMap<>();
        put(metrics, GroupMetrics.TEACHER, 0.91, 0.90, 20000);
        put(metrics, GroupMetrics.student("small"), 0.87, 0.86, 25000);
        put(metrics, GroupMetrics.student("tiny"), 0.83, 0.84, 6000);
        StepSummary summary =
                new StepSummary("online", output, 0.90, 20000L, 10, 1800L, 5.0, false, metrics);

        StepResults.succeeded(status, PLAN, "online", summary, T0);
        StepResults.succeeded(
                status,
                PLAN,
                "report",
                new StepSummary("report", null, null, null, null, null, 1, false, null),
                T0);
        StatusRollup.apply(status, false, 1, T0);

        assertThat(status.getTeacher().getAccuracy()).isEqualTo(0.91);
        assertThat(status.getTeacher().getParameters()).isEqualTo(20000L);
        assertThat(status.getTeacher().getArtifact()).isEqualTo(output + "/teacher");
        assertThat(status.getTeacher().getMembers().get(0).getAccuracy()).isEqualTo(0.91);
        StudentStatus small = status.getStudents().get(0);
        assertThat(small.getPhase()).isEqualTo(StepPhase.SUCCEEDED);
        assertThat(small.getAccuracy()).isEqualTo(0.87);
        assertThat(small.getValidationAccuracy()).isEqualTo(0.86);
        assertThat(small.getParameters()).isEqualTo(25000L);
        assertThat(small.getArtifact()).isEqualTo(output + "/student-small");
        assertThat(small.getCompression()).isEqualTo(0.8);
        assertThat(status.getStudents().get(1).getAccuracy()).isEqualTo(0.83);
        assertThat(status.getBest().getName()).isEqualTo("small");
        assertThat(status.getProgress()).isEqualTo("2/2");
        assertThat(status.getPhase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(Conditions.get(status, Conditions.STUDENTS_READY).orElseThrow().getStatus())
                .isEqualTo(Conditions.TRUE);
    }

    @Test
    void aFailedGroupFailsEveryStudent() {
        DistillationStatus status = StatusLayout.initial(PLAN, false, 1, T0);

        StepResults.failed(status, "online", "out of memory", T0);
        StatusRollup.apply(status, false, 1, T0);

        assertThat(status.getStudents()).allMatch(s -> s.getPhase() == StepPhase.FAILED);
        assertThat(status.getPhase()).isEqualTo(Phase.FAILED);
        assertThat(Conditions.get(status, Conditions.TEACHER_READY).orElseThrow().getReason())
                .isEqualTo(Reasons.STEP_FAILED);
    }

    private static void put(
            Map<String, Double> metrics, String network, double test, double val, long params) {
        metrics.put(GroupMetrics.key(network, GroupMetrics.TEST_ACCURACY), test);
        metrics.put(GroupMetrics.key(network, GroupMetrics.VALIDATION_ACCURACY), val);
        metrics.put(GroupMetrics.key(network, GroupMetrics.PARAMETERS), (double) params);
    }
}
