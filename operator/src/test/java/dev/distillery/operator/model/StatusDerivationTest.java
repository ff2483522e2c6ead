package dev.distillery.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.plan.StepScheduler;
import dev.distillery.api.status.Conditions;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.Phase;
import dev.distillery.api.status.Reasons;
import dev.distillery.api.status.StepPhase;
import dev.distillery.api.status.StepStatus;
import dev.distillery.api.status.StudentStatus;
import dev.distillery.contract.StepSummary;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusDerivationTest {

    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");

    private final Distillation quick = Fixtures.distillation(Fixtures.QUICKSTART);
    private final Plan plan = Fixtures.plan(quick);
    private final Map<String, Job> jobs = new HashMap<>();
    private final List<Pod> pods = new ArrayList<>();

    private Job created(String step) {
        return Fixtures.created(quick, Fixtures.step(plan, step));
    }

    private void succeed(String step, double accuracy, long parameters) {
        Job job = Fixtures.complete(created(step), "2026-01-01T00:00:00Z", "2026-01-01T00:05:00Z");
        jobs.put(step, job);
        pods.add(
                Fixtures.pod(
                        job,
                        "0",
                        0,
                        Fixtures.trained(
                                Fixtures.step(plan, step).output(), accuracy, parameters)));
    }

    private DistillationStatus derive() {
        Map<String, StepObservation> observed = new HashMap<>();
        jobs.forEach((step, job) -> observed.put(step, JobObserver.observe(job, pods)));
        return StatusDerivation.derive(quick, plan, observed, NOW);
    }

    private static StepStatus step(DistillationStatus status, String name) {
        return status.getSteps().stream()
                .filter(s -> s.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static StudentStatus student(DistillationStatus status, String name) {
        return status.getStudents().stream()
                .filter(s -> s.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static Condition condition(DistillationStatus status, String type) {
        return Conditions.get(status, type).orElseThrow();
    }

    @Test
    void listsEveryPlannedStepPendingBeforeAnyJobExists() {
        DistillationStatus status = derive();

        assertThat(status.getSteps())
                .extracting(StepStatus::getName)
                .isEqualTo(plan.steps().stream().map(PlannedStep::name).toList());
        assertThat(status.getSteps())
                .allSatisfy(s -> assertThat(s.getPhase()).isEqualTo(StepPhase.PENDING));
        assertThat(status.getPhase()).isEqualTo(Phase.PENDING);
        assertThat(status.getProgress()).isEqualTo("0/2");
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(condition(status, Conditions.TEACHER_READY).getStatus()).isEqualTo("False");
        assertThat(condition(status, Conditions.TEACHER_READY).getObservedGeneration())
                .isEqualTo(1L);
    }

    @Test
    void runningTeacherJobsMakeTheRunRunningWithTheirJobNamesAndStartTimes() {
        jobs.put("teacher-0", Fixtures.running(created("teacher-0"), "2026-01-01T00:00:07Z"));

        DistillationStatus status = derive();

        StepStatus teacher = step(status, "teacher-0");
        assertThat(teacher.getPhase()).isEqualTo(StepPhase.RUNNING);
        assertThat(teacher.getJobName()).isEqualTo("quick-teacher-0");
        assertThat(teacher.getStartTime()).isEqualTo("2026-01-01T00:00:07Z");
        assertThat(status.getPhase()).isEqualTo(Phase.RUNNING);
        assertThat(condition(status, Conditions.TEACHER_READY).getReason()).isEqualTo("Running");
    }

    @Test
    void aSuspendedJobIsPendingNotRunning() {
        jobs.put(
                "teacher-0",
                created("teacher-0").edit().editSpec().withSuspend(true).endSpec().build());

        assertThat(step(derive(), "teacher-0").getPhase()).isEqualTo(StepPhase.PENDING);
    }

    /**
     * Kueue holds a queued run's Job suspended until it admits its Workload, and suspends it again
     * when it preempts it: the step says it waits for Kueue, and stops saying so once it runs. A
     * run the user suspended waits for the user, not for Kueue.
     */
    @Test
    void aQueuedStepWaitsForKueueToAdmitItsJob() {
        Distillation queuedRun = withSpec("  queueName: gpu-queue");
        Job suspended = Fixtures.created(queuedRun, Fixtures.step(plan, "teacher-0"));

        DistillationStatus queued = derive(queuedRun, suspended);
        queuedRun.setStatus(queued);
        DistillationStatus admitted =
                derive(queuedRun, Fixtures.running(suspended, "2026-01-01T00:59:00Z"));
        DistillationStatus byTheUser =
                derive(withSpec("  queueName: gpu-queue\n  suspend: true"), suspended);

        assertThat(suspended.getSpec().getSuspend()).isTrue();
        assertThat(step(queued, "teacher-0").getPhase()).isEqualTo(StepPhase.PENDING);
        assertThat(step(queued, "teacher-0").getWaiting()).isEqualTo(Reasons.QUEUED);
        assertThat(step(queued, "teacher-0").getMessage())
                .isEqualTo("waiting for Kueue to admit its Job (LocalQueue gpu-queue)");
        assertThat(step(admitted, "teacher-0").getPhase()).isEqualTo(StepPhase.RUNNING);
        assertThat(step(admitted, "teacher-0").getWaiting()).isNull();
        assertThat(step(admitted, "teacher-0").getMessage()).isNull();
        assertThat(step(byTheUser, "teacher-0").getWaiting()).isNull();
    }

    private static Distillation withSpec(String lines) {
        return Fixtures.distillation(
                Fixtures.QUICKSTART.replace("  parallelism: 1", "  parallelism: 1\n" + lines));
    }

    private DistillationStatus derive(Distillation distillation, Job teacher) {
        return StatusDerivation.derive(
                distillation,
                plan,
                Map.of("teacher-0", JobObserver.observe(teacher, List.of())),
                NOW);
    }

    @Test
    void aStepThatFoundItsArtifactCompleteIsRecordedReusedAndOneThatRanIsNot() {
        succeed("teacher-0", 0.9, 1_000);
        Job job =
                Fixtures.complete(
                        created("teacher-1"), "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z");
        jobs.put("teacher-1", job);
        String artifact = Fixtures.step(plan, "teacher-1").output();
        pods.add(
                Fixtures.pod(
                        job,
                        "0",
                        0,
                        StepSummary.fromJson(Fixtures.trained(artifact, 0.91, 1_000))
                                .asReused()
                                .toJson()));

        DistillationStatus status = derive();

        assertThat(step(status, "teacher-0").getReused()).isFalse();
        assertThat(step(status, "teacher-1").getReused()).isTrue();
        assertThat(step(status, "teacher-1").getArtifact()).isEqualTo(artifact);
    }

    @Test
    void readsAccuracyParametersAndArtifactFromTerminationMessages() {
        succeed("teacher-0", 0.88, 50_000);
        succeed("teacher-1", 0.90, 60_000);

        DistillationStatus status = derive();

        assertThat(status.getTeacher().getMembers())
                .extracting(m -> m.getAccuracy())
                .containsExactly(0.88, 0.90);
        assertThat(status.getTeacher().getParameters()).isEqualTo(60_000L);
        assertThat(status.getTeacher().getMembers().get(1).getArtifact())
                .isEqualTo(Fixtures.step(plan, "teacher-1").output());
        assertThat(step(status, "teacher-1").getCompletionTime())
                .as("the step ended when its pod did, not when the Job controller noticed")
                .isEqualTo(Fixtures.POD_FINISHED);
        assertThat(condition(status, Conditions.TEACHER_READY).getStatus()).isEqualTo("True");
        assertThat(condition(status, Conditions.TEACHER_READY).getReason()).isEqualTo("Completed");
    }

    @Test
    void aFinishedRunNamesTheBestStudentAndSucceeds() {
        for (PlannedStep step : plan.steps()) {
            succeed(step.name(), step.name().equals("student-cnn-tiny") ? 0.83 : 0.80, 10_000);
        }

        DistillationStatus status = derive();

        assertThat(status.getPhase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(condition(status, Conditions.SUCCEEDED).getStatus()).isEqualTo("True");
        assertThat(condition(status, Conditions.FAILED).getStatus()).isEqualTo("False");
        assertThat(status.getBest().getName()).isEqualTo("cnn-tiny");
        assertThat(status.getBest().getAccuracy()).isEqualTo(0.83);
        assertThat(status.getProgress()).isEqualTo("2/2");
        assertThat(student(status, "mlp-small").getScratchAccuracy()).isEqualTo(0.80);
        assertThat(status.getCompletionTime()).isEqualTo(Fixtures.POD_FINISHED);
    }

    @Test
    void aBadInputExitFailsTheRunWithTheExitCodeAndMessage() {
        succeed("teacher-0", 0.88, 50_000);
        Job failed =
                Fixtures.failed(
                        created("teacher-1"),
                        "2026-01-01T00:00:00Z",
                        "2026-01-01T00:01:00Z",
                        "PodFailurePolicy",
                        "Container step for pod team-a/quick-teacher-1-x failed with exit code 65"
                                + " matching FailJob rule at index 0");
        jobs.put("teacher-1", failed);
        pods.add(Fixtures.pod(failed, "x", 65, "data: train-images-idx3-ubyte is truncated"));

        DistillationStatus status = derive();

        assertThat(status.getPhase()).isEqualTo(Phase.FAILED);
        Condition condition = condition(status, Conditions.FAILED);
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getReason()).isEqualTo("StepFailed");
        assertThat(step(status, "teacher-1").getMessage())
                .startsWith("PodFailurePolicy: ")
                .contains("exit code 65 (bad input): data: train-images-idx3-ubyte is truncated");
        assertThat(condition(status, Conditions.SOFT_LABELS_READY).getReason())
                .isEqualTo("UpstreamFailed");
    }

    @Test
    void rememberesFinishedStepsAfterTheirJobsAreDeleted() {
        for (PlannedStep step : plan.steps()) {
            succeed(step.name(), 0.8, 10_000);
        }
        quick.setStatus(derive());
        jobs.clear();
        pods.clear();

        DistillationStatus status = derive();

        assertThat(status.getPhase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(student(status, "mlp-small").getAccuracy()).isEqualTo(0.8);
        assertThat(StepScheduler.next(plan, status, jobs.keySet(), 4, false)).isEmpty();
    }

    /**
     * A finished step stays finished whatever its Job shows later. The TTL controller deletes a
     * finished Job's pods before the Job: seen within the report grace, the Job looked like one
     * still waiting for its pod's report, the step went back to running, then pending when the Job
     * was gone, and the operator ran it again (operator/e2e-smoke, ttlSecondsAfterFinished: 3).
     */
    @Test
    void aSucceededStepIsNotTakenBackWhenItsJobsPodsAreDeleted() {
        for (PlannedStep step : plan.steps()) {
            succeed(step.name(), 0.8, 10_000);
        }
        quick.setStatus(derive());
        Instant completed = Instant.parse("2026-01-01T00:05:00Z");
        Map<String, StepObservation> observed = new HashMap<>();
        // Every pod deleted, every Job still there, seen a second after it completed.
        jobs.forEach(
                (step, job) ->
                        observed.put(
                                step,
                                JobObserver.observe(
                                        job,
                                        List.of(),
                                        completed.plusSeconds(1),
                                        Duration.ofMinutes(5))));

        DistillationStatus status = StatusDerivation.derive(quick, plan, observed, NOW);

        assertThat(step(status, "teacher-0").getPhase()).isEqualTo(StepPhase.SUCCEEDED);
        assertThat(status.getPhase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(status).isEqualTo(quick.getStatus());
        quick.setStatus(status);
        DistillationStatus afterTheJobs = StatusDerivation.derive(quick, plan, Map.of(), NOW);
        assertThat(StepScheduler.next(plan, afterTheJobs, java.util.Set.of(), 4, false)).isEmpty();
    }

    @Test
    void aRunningStepWhoseJobVanishedIsPendingAgain() {
        jobs.put("teacher-0", Fixtures.running(created("teacher-0"), "2026-01-01T00:00:07Z"));
        quick.setStatus(derive());
        jobs.clear();

        DistillationStatus status = derive();

        assertThat(step(status, "teacher-0").getPhase()).isEqualTo(StepPhase.PENDING);
        assertThat(StepScheduler.next(plan, status, jobs.keySet(), 4, false))
                .extracting(PlannedStep::name)
                .contains("teacher-0");
    }

    @Test
    void shardedSoftLabelsAddUpTheSamplesOfEveryShard() {
        Distillation sharded =
                Fixtures.distillation(
                        Fixtures.QUICKSTART.replace(
                                "  parallelism: 1",
                                "  parallelism: 1\n  softLabels:\n    shards: 2"));
        Plan shardedPlan = Fixtures.plan(sharded);
        Job job =
                Fixtures.complete(
                        Fixtures.created(sharded, Fixtures.step(shardedPlan, "soft-labels")),
                        "2026-01-01T00:00:00Z",
                        "2026-01-01T00:02:00Z");
        String shard =
                "{\"step\":\"soft-labels\",\"samples\":250,\"seconds\":3.0,\"resumed\":false}";
        List<Pod> shardPods =
                List.of(Fixtures.pod(job, "0", 0, shard), Fixtures.pod(job, "1", 0, shard));

        StepObservation observation = JobObserver.observe(job, shardPods);

        assertThat(observation.phase()).isEqualTo(StepPhase.SUCCEEDED);
        assertThat(observation.summary().samples()).isEqualTo(500L);
        DistillationStatus status =
                StatusDerivation.derive(
                        sharded, shardedPlan, Map.of("soft-labels", observation), NOW);
        assertThat(status.getSoftLabels().getSamples()).isEqualTo(500L);
        assertThat(status.getSoftLabels().getArtifact())
                .isEqualTo(Fixtures.step(shardedPlan, "soft-labels").output());
    }

    @Test
    void shardsAreReadByTheRuleTheLocalRunnerUses() {
        Job job =
                Fixtures.complete(
                        created("soft-labels"), "2026-01-01T00:00:00Z", "2026-01-01T00:02:00Z");
        List<StepSummary> shards = new ArrayList<>();
        List<Pod> shardPods = new ArrayList<>();
        for (int index = 0; index < 11; index++) {
            StepSummary shard =
                    new StepSummary(
                            "soft-labels",
                            null,
                            index == 0 ? 0.91 : null,
                            null,
                            null,
                            100L + index,
                            10.0 + index,
                            false,
                            index == 0 ? Map.of("testAccuracy", 0.93) : Map.of());
            shards.add(shard);
            // Pods arrive in any order; shard 10 sorts after shard 9, not after shard 1.
            shardPods.add(0, Fixtures.pod(job, String.valueOf(index), 0, shard.toJson()));
        }

        StepSummary read = JobObserver.observe(job, shardPods).summary();

        assertThat(read).isEqualTo(StepSummary.ofShards(shards, null));
        assertThat(read.seconds()).isEqualTo(165.0);
        assertThat(read.accuracy()).isEqualTo(0.91);
    }

    @Test
    void aStepStartingOrSucceedingIsNoEventButAStageDoneIsOnce() {
        DistillationStatus before = derive();
        quick.setStatus(before);
        jobs.put("teacher-0", Fixtures.running(created("teacher-0"), "2026-01-01T00:00:07Z"));
        DistillationStatus running = derive();
        quick.setStatus(running);
        succeed("teacher-0", 0.9, 1000);
        DistillationStatus oneOfTwo = derive();
        quick.setStatus(oneOfTwo);
        succeed("teacher-1", 0.9, 1000);
        DistillationStatus done = derive();

        assertThat(Transitions.between(before, running)).isEmpty();
        assertThat(Transitions.between(running, oneOfTwo)).isEmpty();
        assertThat(Transitions.between(oneOfTwo, done))
                .extracting(Transition::reason)
                .containsExactly("TeacherReady");
        assertThat(Transitions.between(done, done)).isEmpty();
        assertThat(Transitions.between(null, before)).isEmpty();
    }

    @Test
    void aPodThatCannotStartIsReportedThenFailsTheStepAfterTheStartTimeout() {
        Job job = Fixtures.running(created("teacher-0"), "2026-01-01T00:50:00Z");
        Pod stuck =
                Fixtures.waiting(
                        job,
                        "2026-01-01T00:59:00Z",
                        "ImagePullBackOff",
                        "image registry.example/distillery-step:test is not among the node's images");
        Duration timeout = Duration.ofMinutes(5);

        StepObservation early = JobObserver.observe(job, List.of(stuck), NOW, timeout);
        DistillationStatus waiting =
                StatusDerivation.derive(quick, plan, Map.of("teacher-0", early), NOW);

        assertThat(early.phase()).isEqualTo(StepPhase.RUNNING);
        assertThat(early.startTimedOut()).isFalse();
        assertThat(step(waiting, "teacher-0").getWaiting()).isEqualTo("ImagePullBackOff");
        Condition teacher = condition(waiting, Conditions.TEACHER_READY);
        assertThat(teacher.getReason()).isEqualTo(Reasons.POD_NOT_STARTING);
        assertThat(teacher.getMessage())
                .isEqualTo(
                        "step teacher-0: pod quick-teacher-0-x1 cannot start: ImagePullBackOff:"
                                + " image registry.example/distillery-step:test is not among the"
                                + " node's images");

        Instant later = NOW.plus(Duration.ofMinutes(4)).plusSeconds(1);
        StepObservation late = JobObserver.observe(job, List.of(stuck), later, timeout);
        DistillationStatus failed =
                StatusDerivation.derive(quick, plan, Map.of("teacher-0", late), later);

        assertThat(late.phase()).isEqualTo(StepPhase.FAILED);
        assertThat(late.startTimedOut()).isTrue();
        assertThat(failed.getPhase()).isEqualTo(Phase.FAILED);
        assertThat(step(failed, "teacher-0").getWaiting()).isNull();
        assertThat(condition(failed, Conditions.FAILED).getMessage())
                .contains("step teacher-0 failed: pod quick-teacher-0-x1 cannot start:")
                .contains("(for 301s, longer than the pod start timeout of 300s)");

        // Once the operator stopped the Job, its annotation keeps the failure; the pod is gone.
        Job stopped =
                new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(job)
                        .editMetadata()
                        .addToAnnotations(Labels.FAILURE_ANNOTATION, late.message())
                        .endMetadata()
                        .editSpec()
                        .withSuspend(true)
                        .endSpec()
                        .build();
        StepObservation after = JobObserver.observe(stopped, List.of(), later, timeout);
        assertThat(after.phase()).isEqualTo(StepPhase.FAILED);
        assertThat(after.message()).isEqualTo(late.message());
        assertThat(after.startTimedOut()).isFalse();
    }

    @Test
    void aStoppedStepKeepsItsCompletionTimeOnLaterReconciles() {
        Job stopped =
                new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(
                                Fixtures.running(created("teacher-0"), "2026-01-01T00:50:00Z"))
                        .editMetadata()
                        .addToAnnotations(Labels.FAILURE_ANNOTATION, "pod cannot start")
                        .endMetadata()
                        .editSpec()
                        .withSuspend(true)
                        .endSpec()
                        .build();
        Map<String, StepObservation> observed =
                Map.of("teacher-0", JobObserver.observe(stopped, List.of()));

        DistillationStatus first = StatusDerivation.derive(quick, plan, observed, NOW);
        quick.setStatus(first);
        DistillationStatus later =
                StatusDerivation.derive(quick, plan, observed, NOW.plus(Duration.ofMinutes(5)));

        assertThat(step(first, "teacher-0").getCompletionTime()).isEqualTo("2026-01-01T01:00:00Z");
        assertThat(step(first, "teacher-0").getStartTime()).isEqualTo("2026-01-01T00:50:00Z");
        assertThat(step(later, "teacher-0").getCompletionTime()).isEqualTo("2026-01-01T01:00:00Z");
        // Nothing changed, so the reconciler patches nothing.
        assertThat(later).isEqualTo(first);
    }

    @Test
    void aPodThatStartsAfterAllClearsTheWaitingReason() {
        Job job = Fixtures.running(created("teacher-0"), "2026-01-01T00:50:00Z");
        Pod stuck =
                Fixtures.waiting(
                        job,
                        "2026-01-01T00:59:00Z",
                        "CreateContainerConfigError",
                        "secret \"s3-credentials\" not found");
        DistillationStatus waiting =
                StatusDerivation.derive(
                        quick,
                        plan,
                        Map.of(
                                "teacher-0",
                                JobObserver.observe(
                                        job, List.of(stuck), NOW, Duration.ofMinutes(5))),
                        NOW);
        quick.setStatus(waiting);

        DistillationStatus running =
                StatusDerivation.derive(
                        quick,
                        plan,
                        Map.of(
                                "teacher-0",
                                JobObserver.observe(job, List.of(), NOW, Duration.ofMinutes(5))),
                        NOW);

        assertThat(step(waiting, "teacher-0").getMessage())
                .contains("secret \"s3-credentials\" not found");
        assertThat(step(running, "teacher-0").getWaiting()).isNull();
        assertThat(step(running, "teacher-0").getMessage()).isNull();
        assertThat(condition(running, Conditions.TEACHER_READY).getReason())
                .isEqualTo(Reasons.RUNNING);
    }
}
