package dev.distillery.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.status.StepPhase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobObserverTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Instant COMPLETED = Instant.parse("2026-01-01T00:05:00Z");

    private final Distillation quick = Fixtures.distillation(Fixtures.QUICKSTART);
    private final Plan plan = Fixtures.plan(quick);
    private final Job done =
            Fixtures.complete(
                    Fixtures.created(quick, Fixtures.step(plan, "teacher-0")),
                    "2026-01-01T00:00:00Z",
                    COMPLETED.toString());

    @Test
    void aJobJustCompletedWhosePodHasNotReportedYetIsStillRunning() {
        StepObservation seen =
                JobObserver.observe(done, List.of(), COMPLETED.plusSeconds(1), TIMEOUT);

        assertThat(seen.phase()).isEqualTo(StepPhase.RUNNING);
        assertThat(seen.awaitingReport()).isTrue();
        assertThat(seen.finished()).isFalse();
    }

    @Test
    void itsPodsReportEndsTheWait() {
        Pod pod = Fixtures.pod(done, "0", 0, Fixtures.trained("s3://a/teacher", 0.93, 10));

        StepObservation seen =
                JobObserver.observe(done, List.of(pod), COMPLETED.plusSeconds(1), TIMEOUT);

        assertThat(seen.phase()).isEqualTo(StepPhase.SUCCEEDED);
        assertThat(seen.summary().accuracy()).isEqualTo(0.93);
        assertThat(seen.awaitingReport()).isFalse();
    }

    /**
     * A pod seen Succeeded without a report will not send one: the step succeeds at once, before a
     * short ttlSecondsAfterFinished deletes the Job (waiting let the TTL win, and the operator
     * created the Job again every few seconds: operator/e2e-smoke on kwok).
     */
    @Test
    void aPodSeenSucceededWithoutAReportEndsTheWait() {
        // As the pod cache holds it (ObservedFields): what it keeps must be enough to tell.
        Pod silent = ObservedFields.pod(Fixtures.pod(done, "0", 0, null));

        StepObservation seen =
                JobObserver.observe(done, List.of(silent), COMPLETED.plusSeconds(1), TIMEOUT);

        assertThat(seen.phase()).isEqualTo(StepPhase.SUCCEEDED);
        assertThat(seen.summary()).isNull();
        assertThat(seen.awaitingReport()).isFalse();
    }

    @Test
    void afterTheGraceAJobWhosePodsAreGoneSucceedsWithoutAReport() {
        StepObservation seen =
                JobObserver.observe(
                        done, List.of(), COMPLETED.plus(JobObserver.REPORT_GRACE), TIMEOUT);

        assertThat(seen.phase()).isEqualTo(StepPhase.SUCCEEDED);
        assertThat(seen.summary()).isNull();
        assertThat(seen.awaitingReport()).isFalse();
    }

    /**
     * The TTL controller deletes a finished Job in the foreground: its pods go first, then the Job,
     * which meanwhile carries a deletion time. Its pods' reports will not come back: waiting only
     * lets the Job vanish while its step reads as running.
     */
    @Test
    void aJobBeingDeletedWaitsForNoReport() {
        Job going =
                new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(done)
                        .editMetadata()
                        .withDeletionTimestamp(COMPLETED.plusSeconds(3).toString())
                        .endMetadata()
                        .build();

        StepObservation seen =
                JobObserver.observe(
                        ObservedFields.job(going), List.of(), COMPLETED.plusSeconds(3), TIMEOUT);

        assertThat(seen.phase()).isEqualTo(StepPhase.SUCCEEDED);
        assertThat(seen.awaitingReport()).isFalse();
    }

    /**
     * The Job controller counts a pod's success and marks its Job complete seconds later on a busy
     * cluster (17 s at the median in bench/scheduling): the pod alone says the step is done.
     */
    @Test
    void aStepIsDoneWhenItsPodSucceededBeforeItsJobSaysSo() {
        Job running = Fixtures.running(done, "2026-01-01T00:00:00Z");
        Pod pod = Fixtures.pod(running, "0", 0, Fixtures.trained("s3://a/teacher", 0.93, 10));

        StepObservation seen =
                JobObserver.observe(
                        ObservedFields.job(running),
                        List.of(ObservedFields.pod(pod)),
                        COMPLETED,
                        TIMEOUT);

        assertThat(seen.phase()).isEqualTo(StepPhase.SUCCEEDED);
        assertThat(seen.summary().accuracy()).isEqualTo(0.93);
        assertThat(seen.completionTime()).as("the pod's finish").isEqualTo(Fixtures.POD_FINISHED);
    }

    /** A pod with a sidecar stays Running after its step container exited 0. */
    @Test
    void aStepContainerThatExitedZeroIsDoneWhileASidecarRuns() {
        Job running = Fixtures.running(done, "2026-01-01T00:00:00Z");
        Pod pod =
                new PodBuilder(Fixtures.pod(running, "0", 0, null))
                        .editStatus()
                        .withPhase("Running")
                        .endStatus()
                        .build();

        assertThat(JobObserver.observe(running, List.of(pod), COMPLETED, TIMEOUT).phase())
                .isEqualTo(StepPhase.SUCCEEDED);
    }

    /** A failed pod is retried by the Job controller: only the Job's condition ends the step. */
    @Test
    void aFailedPodLeavesTheStepRunningUntilItsJobDecides() {
        Job running = Fixtures.running(done, "2026-01-01T00:00:00Z");
        Pod pod = Fixtures.pod(running, "0", 1, "transient");

        assertThat(JobObserver.observe(running, List.of(pod), COMPLETED, TIMEOUT).phase())
                .isEqualTo(StepPhase.RUNNING);
    }

    /**
     * A Job that ran past its deadline between its pod's success and the Job controller's count
     * says Failed; the step's output is whole, and the step stays succeeded.
     */
    @Test
    void aPodsSuccessOutranksAJobFailedAfterIt() {
        Job late =
                Fixtures.failed(
                        done,
                        "2026-01-01T00:00:00Z",
                        "2026-01-01T00:10:01Z",
                        "DeadlineExceeded",
                        "Job was active longer than specified deadline");
        Pod pod = Fixtures.pod(late, "0", 0, Fixtures.trained("s3://a/teacher", 0.93, 10));

        assertThat(JobObserver.observe(late, List.of(pod), COMPLETED, TIMEOUT).phase())
                .isEqualTo(StepPhase.SUCCEEDED);
    }

    @Test
    void aShardedStepIsDoneWhenEveryShardsPodSucceeded() {
        Distillation sharded =
                Fixtures.distillation(
                        Fixtures.QUICKSTART.replace(
                                "  baseline: true",
                                "  softLabels:\n    shards: 2\n  baseline: true"));
        Job labels =
                Fixtures.running(
                        Fixtures.created(
                                sharded, Fixtures.step(Fixtures.plan(sharded), "soft-labels")),
                        "2026-01-01T00:00:00Z");
        Pod first = Fixtures.pod(labels, "0", 0, null);
        Pod firstAgain = Fixtures.pod(labels, "0", 0, null);
        Pod second = Fixtures.pod(labels, "1", 0, null);

        assertThat(labels.getSpec().getCompletions()).isEqualTo(2);
        assertThat(
                        JobObserver.observe(
                                        ObservedFields.job(labels),
                                        List.of(first, firstAgain),
                                        COMPLETED,
                                        TIMEOUT)
                                .phase())
                .as("one shard twice is not two shards")
                .isEqualTo(StepPhase.RUNNING);
        assertThat(
                        JobObserver.observe(
                                        ObservedFields.job(labels),
                                        List.of(first, second),
                                        COMPLETED,
                                        TIMEOUT)
                                .phase())
                .isEqualTo(StepPhase.SUCCEEDED);
    }
}
