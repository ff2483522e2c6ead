package dev.distillery.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.plan.StepScheduler;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.StepPhase;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepSchedulerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");

    private final Distillation quick =
            Fixtures.distillation(Fixtures.QUICKSTART.replace("parallelism: 1", "parallelism: 2"));
    private final Plan plan = Fixtures.plan(quick);
    private final Map<String, StepObservation> observed = new HashMap<>();

    private void succeeded(String... steps) {
        for (String step : steps) {
            Job job = Fixtures.created(quick, Fixtures.step(plan, step));
            observed.put(
                    step,
                    JobObserver.observe(
                            Fixtures.complete(job, "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z"),
                            List.of()));
        }
    }

    private void running(String step) {
        Job job = Fixtures.created(quick, Fixtures.step(plan, step));
        observed.put(
                step,
                JobObserver.observe(Fixtures.running(job, "2026-01-01T00:00:00Z"), List.of()));
    }

    private List<String> next(boolean suspend) {
        DistillationStatus status = StatusDerivation.derive(quick, plan, observed, NOW);
        return StepScheduler.next(plan, status, observed.keySet(), 2, suspend).stream()
                .map(PlannedStep::name)
                .toList();
    }

    @Test
    void startsEveryTeacherMemberAndAsManyBaselinesAsParallelismAllows() {
        assertThat(next(false))
                .containsExactly(
                        "teacher-0", "teacher-1", "baseline-mlp-small", "baseline-cnn-tiny");
    }

    @Test
    void startsSoftLabelsOnlyWhenEveryTeacherSucceeded() {
        succeeded("teacher-0");
        running("teacher-1");
        assertThat(next(false)).doesNotContain("soft-labels");

        succeeded("teacher-1");
        assertThat(next(false)).contains("soft-labels");
    }

    @Test
    void keepsAtMostParallelismStudentAndBaselineJobsUnfinished() {
        succeeded("teacher-0", "teacher-1", "soft-labels");
        running("baseline-mlp-small");

        assertThat(next(false)).containsExactly("baseline-cnn-tiny");

        running("baseline-cnn-tiny");
        assertThat(next(false)).isEmpty();

        succeeded("baseline-mlp-small", "baseline-cnn-tiny");
        assertThat(next(false)).containsExactly("student-mlp-small", "student-cnn-tiny");
    }

    @Test
    void startsTheReportAfterEveryStudentAndNothingAfterThat() {
        succeeded(
                "teacher-0",
                "teacher-1",
                "soft-labels",
                "baseline-mlp-small",
                "baseline-cnn-tiny",
                "student-mlp-small",
                "student-cnn-tiny");
        assertThat(next(false)).containsExactly("report");

        succeeded("report");
        assertThat(next(false)).isEmpty();
    }

    @Test
    void aSuspendedRunStartsNothing() {
        assertThat(next(true)).isEmpty();
    }

    @Test
    void aFailedRunStartsNothingMore() {
        Job job = Fixtures.created(quick, Fixtures.step(plan, "teacher-0"));
        observed.put(
                "teacher-0",
                JobObserver.observe(
                        Fixtures.failed(
                                job,
                                "2026-01-01T00:00:00Z",
                                "2026-01-01T00:01:00Z",
                                "BackoffLimitExceeded",
                                "Job has reached the specified backoff limit"),
                        List.of()));

        assertThat(observed.get("teacher-0").phase()).isEqualTo(StepPhase.FAILED);
        assertThat(next(false)).isEmpty();
    }
}
