package dev.distillery.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.DistillationYaml;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.Planner;
import dev.distillery.api.validation.FieldError;
import dev.distillery.contract.StepSummary;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusTest {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    static final Plan PLAN =
            Planner.plan(
                    DistillationYaml.parse(
                            """
                            apiVersion: distillery.dev/v1alpha1
                            kind: Distillation
                            metadata: {name: demo}
                            spec:
                              dataset: {name: fashion-mnist, limit: 2000}
                              teacher: {model: 'cnn:16,32', ensemble: 2}
                              students:
                                - {name: mlp, model: 'mlp:64'}
                                - {name: cnn, model: 'cnn:4,8'}
                              baseline: true
                            """,
                            "demo.yaml"),
                    PlanSettings.withDefaultStorage("file:///tmp/kd"));

    static StepSummary summary(String step, double accuracy, long parameters) {
        return new StepSummary(step, null, accuracy, parameters, 1, 2000L, 1.5, false, null);
    }

    static DistillationStatus fresh() {
        return StatusLayout.initial(PLAN, false, 1, T0);
    }

    @Test
    void aFreshStatusListsThePlanAsPending() {
        DistillationStatus status = fresh();

        assertThat(status.getPhase()).isEqualTo(Phase.PENDING);
        assertThat(status.getProgress()).isEqualTo("0/2");
        assertThat(status.getSteps()).hasSize(8).allMatch(s -> s.getPhase() == StepPhase.PENDING);
        assertThat(status.getStudents())
                .extracting(StudentStatus::getName)
                .containsExactly("mlp", "cnn");
        assertThat(status.getTeacher().getMembers())
                .extracting(TeacherMemberStatus::getSeed)
                .containsExactly(1L, 2L);
        assertThat(status.getConditions())
                .extracting(Condition::getType)
                .containsExactlyElementsOf(Conditions.TYPES);
        assertThat(Conditions.get(status, Conditions.TEACHER_READY).orElseThrow().getReason())
                .isEqualTo(Reasons.PENDING);
        assertThat(status.getConditions()).allMatch(c -> c.getObservedGeneration() == 1L);
        assertThat(status.getBest()).isNull();
    }

    @Test
    void aWholeRunFillsResultsConditionsAndTheBestStudent() {
        DistillationStatus status = fresh();
        Instant t1 = T0.plusSeconds(60);

        StepResults.started(status, "teacher-0", "demo-teacher-0", t1);
        StatusRollup.apply(status, false, 1, t1);
        assertThat(status.getPhase()).isEqualTo(Phase.RUNNING);
        assertThat(status.getStartTime()).isEqualTo("2026-11-28T10:01:00Z");

        StepResults.succeeded(status, PLAN, "teacher-0", summary("train", 0.90, 400_000), t1);
        StepResults.succeeded(
                status, PLAN, "teacher-1", summary("train", 0.92, 420_000).asReused(), t1);
        StepResults.succeeded(status, PLAN, "soft-labels", summary("soft-labels", 0.93, 0), t1);
        StepResults.succeeded(status, PLAN, "baseline-mlp", summary("train", 0.85, 52_000), t1);
        StepResults.succeeded(status, PLAN, "baseline-cnn", summary("train", 0.86, 21_000), t1);
        StepResults.succeeded(status, PLAN, "student-mlp", summary("train", 0.87, 52_000), t1);
        StatusRollup.apply(status, false, 1, t1);

        assertThat(status.getTeacher().getAccuracy()).isCloseTo(0.91, within());
        assertThat(status.getTeacher().getParameters()).isEqualTo(420_000L);
        assertThat(status.getSoftLabels().getSamples()).isEqualTo(2000L);
        assertThat(status.getSoftLabels().getArtifact())
                .isEqualTo(PLAN.step("soft-labels").orElseThrow().output());
        assertThat(Conditions.isTrue(status, Conditions.TEACHER_READY)).isTrue();
        assertThat(Conditions.get(status, Conditions.TEACHER_READY).orElseThrow().getMessage())
                .isEqualTo("2 of 2 steps succeeded (1 reused from storage)");
        assertThat(Conditions.get(status, Conditions.STUDENTS_READY).orElseThrow().getReason())
                .isEqualTo(Reasons.RUNNING);
        assertThat(status.getProgress()).isEqualTo("1/2");
        assertThat(status.getBest().getName()).isEqualTo("mlp");

        Instant t2 = T0.plusSeconds(120);
        StepResults.succeeded(status, PLAN, "student-cnn", summary("train", 0.88, 21_000), t2);
        StepResults.succeeded(status, PLAN, "report", summary("report", 0, 0), t2);
        StatusRollup.apply(status, false, 1, t2);

        assertThat(status.getPhase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(Conditions.isTrue(status, Conditions.SUCCEEDED)).isTrue();
        assertThat(Conditions.isTrue(status, Conditions.FAILED)).isFalse();
        assertThat(status.getProgress()).isEqualTo("2/2");
        assertThat(status.getBest().getName()).isEqualTo("cnn");
        assertThat(status.getBest().getAccuracy()).isEqualTo(0.88);
        StudentStatus cnn = status.getStudents().get(1);
        assertThat(cnn.getScratchAccuracy()).isEqualTo(0.86);
        assertThat(cnn.getCompression()).isEqualTo(20.0);
        assertThat(cnn.getArtifact()).isEqualTo(PLAN.step("student-cnn").orElseThrow().output());
        assertThat(cnn.getBaselineArtifact())
                .isEqualTo(PLAN.step("baseline-cnn").orElseThrow().output());
        assertThat(status.getReport()).isEqualTo(PLAN.step("report").orElseThrow().output());
        assertThat(status.getCompletionTime()).isEqualTo("2026-11-28T10:02:00Z");
    }

    @Test
    void theEnsemblesOwnTestAccuracyReplacesItsMembersMeanOnceSoftLabelsScoredIt() {
        DistillationStatus status = fresh();
        StepResults.succeeded(status, PLAN, "teacher-0", summary("train", 0.90, 400_000), T0);
        StepResults.succeeded(status, PLAN, "teacher-1", summary("train", 0.92, 400_000), T0);
        assertThat(status.getTeacher().getAccuracy()).isCloseTo(0.91, within());

        StepSummary softLabels =
                new StepSummary(
                        "soft-labels",
                        null,
                        0.935,
                        null,
                        null,
                        2000L,
                        3.0,
                        false,
                        Map.of("validationAccuracy", 0.935, "testAccuracy", 0.93));
        StepResults.succeeded(status, PLAN, "soft-labels", softLabels, T0);

        assertThat(status.getTeacher().getAccuracy()).isEqualTo(0.93);
        assertThat(status.getTeacher().getMembers())
                .extracting(TeacherMemberStatus::getAccuracy)
                .containsExactly(0.90, 0.92);
    }

    @Test
    void aPretrainedMemberIsScoredIntoTheStatusEvenAfterTheSoftLabels() {
        Plan imported =
                Planner.plan(
                        DistillationYaml.parse(
                                """
                                apiVersion: distillery.dev/v1alpha1
                                kind: Distillation
                                metadata: {name: imported}
                                spec:
                                  dataset: {name: fashion-mnist, limit: 2000}
                                  teacher: {pretrained: ['file:///models/onnx', 'file:///models/ts']}
                                  students: [{name: mlp, model: 'mlp:64'}]
                                """,
                                "imported.yaml"),
                        PlanSettings.withDefaultStorage("file:///tmp/kd"));
        DistillationStatus status = StatusLayout.initial(imported, false, 1, T0);
        assertThat(status.getTeacher().getMembers())
                .extracting(TeacherMemberStatus::getModel)
                .containsExactly("file:///models/onnx", "file:///models/ts");

        StepResults.succeeded(status, imported, "teacher-0", summary("evaluate", 0.88, 5_000), T0);
        StepSummary softLabels =
                new StepSummary(
                        "soft-labels",
                        null,
                        0.9,
                        null,
                        null,
                        2000L,
                        3.0,
                        false,
                        Map.of("testAccuracy", 0.895));
        StepResults.succeeded(status, imported, "soft-labels", softLabels, T0);
        StepResults.succeeded(status, imported, "teacher-1", summary("evaluate", 0.87, 6_000), T0);

        assertThat(status.getTeacher().getMembers())
                .extracting(
                        TeacherMemberStatus::getAccuracy,
                        TeacherMemberStatus::getParameters,
                        TeacherMemberStatus::getArtifact)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0.88, 5_000L, "file:///models/onnx"),
                        org.assertj.core.groups.Tuple.tuple(0.87, 6_000L, "file:///models/ts"));
        // The ensemble's own score stays the teacher's, whichever finished last.
        assertThat(status.getTeacher().getAccuracy()).isEqualTo(0.895);
    }

    @Test
    void consistentModeHasNoSoftLabelsStepAndSaysSo() {
        Plan consistent =
                Planner.plan(
                        DistillationYaml.parse(
                                """
                                apiVersion: distillery.dev/v1alpha1
                                kind: Distillation
                                metadata: {name: onthefly}
                                spec:
                                  dataset: {name: fashion-mnist, limit: 2000}
                                  teacher: {model: 'cnn:16,32'}
                                  softLabels: {mode: consistent}
                                  students:
                                    - {name: mlp, model: 'mlp:64'}
                                """,
                                "onthefly.yaml"),
                        PlanSettings.withDefaultStorage("file:///tmp/kd"));
        DistillationStatus status = StatusLayout.initial(consistent, false, 1, T0);
        StepResults.succeeded(status, consistent, "teacher-0", summary("train", 0.9, 400_000), T0);
        StatusRollup.apply(status, false, 1, T0);

        Condition softLabels = Conditions.get(status, Conditions.SOFT_LABELS_READY).orElseThrow();
        assertThat(softLabels.getStatus()).isEqualTo(Conditions.TRUE);
        assertThat(softLabels.getReason()).isEqualTo(Reasons.NOT_NEEDED);
        assertThat(Conditions.get(status, Conditions.STUDENTS_READY).orElseThrow().getReason())
                .isEqualTo(Reasons.PENDING);
    }

    @Test
    void accuracyOnTheSharedTestSplitWinsOverTheStepsOwnSplit() {
        StepSummary withTest =
                new StepSummary(
                        "train", null, 0.80, 10L, 1, 10L, 1, false, Map.of("testAccuracy", 0.78));

        assertThat(StepResults.accuracy(withTest)).isEqualTo(0.78);
        assertThat(StepResults.accuracy(summary("train", 0.8, 10))).isEqualTo(0.8);
        assertThat(StepResults.validationAccuracy(withTest)).isEqualTo(0.80);
    }

    @Test
    void aFailedStepFailsTheRunAndNamesTheStep() {
        DistillationStatus status = fresh();
        StepResults.succeeded(status, PLAN, "teacher-0", summary("train", 0.9, 1), T0);
        StepResults.failed(status, "teacher-1", "NaN loss at epoch 2, batch 17", T0);
        StatusRollup.apply(status, false, 1, T0);

        assertThat(status.getPhase()).isEqualTo(Phase.FAILED);
        Condition failed = Conditions.get(status, Conditions.FAILED).orElseThrow();
        assertThat(failed.getStatus()).isEqualTo(Conditions.TRUE);
        assertThat(failed.getReason()).isEqualTo(Reasons.STEP_FAILED);
        assertThat(failed.getMessage())
                .isEqualTo("step teacher-1 failed: NaN loss at epoch 2, batch 17");
        assertThat(Conditions.get(status, Conditions.SOFT_LABELS_READY).orElseThrow().getReason())
                .isEqualTo(Reasons.UPSTREAM_FAILED);
        assertThat(status.getCompletionTime()).isNotNull();
    }

    @Test
    void aStepWhosePodCannotStartShowsInItsStageAndRunConditionsUntilItRuns() {
        DistillationStatus status = fresh();
        StepResults.started(status, "teacher-0", "demo-teacher-0", T0);
        StepResults.waiting(
                status,
                "teacher-0",
                "ImagePullBackOff",
                "pod demo-teacher-0-x cannot start: ImagePullBackOff: image x not found");
        StatusRollup.apply(status, false, 1, T0);

        for (String type : List.of(Conditions.TEACHER_READY, Conditions.SUCCEEDED)) {
            Condition condition = Conditions.get(status, type).orElseThrow();
            assertThat(condition.getReason()).as(type).isEqualTo(Reasons.POD_NOT_STARTING);
            assertThat(condition.getMessage())
                    .isEqualTo(
                            "step teacher-0: pod demo-teacher-0-x cannot start:"
                                    + " ImagePullBackOff: image x not found");
        }
        // Like a pod in ImagePullBackOff, the run has not really started.
        assertThat(status.getPhase()).isEqualTo(Phase.PENDING);

        StepResults.started(status, "teacher-0", "demo-teacher-0", T0);
        StatusRollup.apply(status, false, 1, T0);
        assertThat(Conditions.get(status, Conditions.TEACHER_READY).orElseThrow().getReason())
                .isEqualTo(Reasons.RUNNING);
        assertThat(status.getSteps().get(0).getWaiting()).isNull();
        assertThat(status.getSteps().get(0).getMessage()).isNull();
    }

    @Test
    void aSuspendedRunShowsSuspendedUntilResumed() {
        DistillationStatus status = StatusLayout.initial(PLAN, true, 2, T0);

        assertThat(status.getPhase()).isEqualTo(Phase.SUSPENDED);
        assertThat(Conditions.isTrue(status, Conditions.SUSPENDED)).isTrue();

        StatusRollup.apply(status, false, 3, T0.plusSeconds(5));
        assertThat(status.getPhase()).isEqualTo(Phase.PENDING);
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        assertThat(Conditions.get(status, Conditions.SUSPENDED).orElseThrow().getReason())
                .isEqualTo(Reasons.NOT_SUSPENDED);
    }

    @Test
    void transitionTimeMovesOnlyWhenTheStatusChanges() {
        DistillationStatus status = new DistillationStatus();
        Instant later = T0.plusSeconds(30);

        assertThat(Conditions.set(status, "TeacherReady", "False", "Pending", "0 of 2", 1, T0))
                .isTrue();
        assertThat(Conditions.set(status, "TeacherReady", "False", "Pending", "0 of 2", 2, later))
                .isFalse();
        assertThat(
                        Conditions.set(
                                status, "TeacherReady", "False", "Running", "1 running", 2, later))
                .isTrue();
        Condition c = Conditions.get(status, "TeacherReady").orElseThrow();
        assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(c.getObservedGeneration()).isEqualTo(2L);
        assertThat(c.getReason()).isEqualTo("Running");

        Conditions.set(status, "TeacherReady", "True", "Completed", "2 of 2", 2, later);
        assertThat(Conditions.get(status, "TeacherReady").orElseThrow().getLastTransitionTime())
                .isEqualTo("2026-11-28T10:00:30Z");
        assertThat(status.getConditions()).hasSize(1);
    }

    @Test
    void anInvalidSpecFailsWithEveryProblem() {
        DistillationStatus status = new DistillationStatus();

        StatusRollup.invalid(
                status,
                List.of(
                        new FieldError("spec.students[0].alpha", "must be between 0 and 1"),
                        new FieldError("spec.mode", "online is reserved")),
                4,
                T0);

        assertThat(status.getPhase()).isEqualTo(Phase.FAILED);
        Condition failed = Conditions.get(status, Conditions.FAILED).orElseThrow();
        assertThat(failed.getReason()).isEqualTo(Reasons.INVALID_SPEC);
        assertThat(failed.getMessage())
                .isEqualTo(
                        "spec.students[0].alpha: must be between 0 and 1; spec.mode: online is"
                                + " reserved");
    }

    @Test
    void theBestOfEqualValidationAccuraciesIsTheSmallerStudent() {
        List<StudentStatus> students =
                List.of(
                        done("big", 0.9, 100_000L),
                        done("small", 0.9, 10_000L),
                        done("worse", 0.8, 1_000L),
                        new StudentStatus().setName("failed").setPhase(StepPhase.FAILED));

        assertThat(StatusRollup.best(students).getName()).isEqualTo("small");
        assertThat(StatusRollup.best(List.of())).isNull();
        assertThat(StatusRollup.compression(420_000L, 21_000L)).isEqualTo(20.0);
        assertThat(StatusRollup.compression(100L, 3L)).isEqualTo(33.33);
        assertThat(StatusRollup.compression(null, 3L)).isNull();
    }

    private static StudentStatus done(String name, double accuracy, long parameters) {
        return new StudentStatus()
                .setName(name)
                .setTemperature(4.0)
                .setAlpha(0.5)
                .setPhase(StepPhase.SUCCEEDED)
                .setValidationAccuracy(accuracy)
                .setAccuracy(accuracy - 0.01)
                .setParameters(parameters);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
