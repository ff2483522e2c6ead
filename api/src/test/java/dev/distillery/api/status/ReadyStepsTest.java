package dev.distillery.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.plan.PlannedStep;
import dev.distillery.contract.StepSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadyStepsTest {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    static List<String> ready(DistillationStatus status, int parallelism, boolean suspend) {
        return ReadySteps.of(StatusTest.PLAN, status, parallelism, suspend).stream()
                .map(PlannedStep::name)
                .toList();
    }

    static void succeed(DistillationStatus status, String step) {
        StepResults.succeeded(
                status,
                StatusTest.PLAN,
                step,
                new StepSummary("train", null, 0.9, 10L, 1, 10L, 1, false, null),
                false,
                NOW);
    }

    @Test
    void teachersAndBaselinesStartFirstWithinTheParallelismLimit() {
        DistillationStatus status = StatusTest.fresh();

        assertThat(ready(status, 4, false))
                .containsExactly("teacher-0", "teacher-1", "baseline-mlp", "baseline-cnn");
        assertThat(ready(status, 1, false))
                .containsExactly("teacher-0", "teacher-1", "baseline-mlp");
    }

    @Test
    void aStepStartsOnceEveryInputSucceeded() {
        DistillationStatus status = StatusTest.fresh();
        succeed(status, "teacher-0");
        StepResults.started(status, "teacher-1", null, NOW);
        StepResults.started(status, "baseline-mlp", null, NOW);

        assertThat(ready(status, 2, false)).containsExactly("baseline-cnn");

        succeed(status, "teacher-1");
        assertThat(ready(status, 2, false)).containsExactly("soft-labels", "baseline-cnn");

        succeed(status, "soft-labels");
        StepResults.started(status, "baseline-cnn", null, NOW);
        assertThat(ready(status, 2, false)).isEmpty();

        succeed(status, "baseline-mlp");
        assertThat(ready(status, 2, false)).containsExactly("student-mlp");
    }

    @Test
    void theReportWaitsForEveryStudentAndBaseline() {
        DistillationStatus status = StatusTest.fresh();
        for (String step :
                List.of("teacher-0", "teacher-1", "soft-labels", "baseline-mlp", "baseline-cnn")) {
            succeed(status, step);
        }
        succeed(status, "student-mlp");
        assertThat(ready(status, 4, false)).containsExactly("student-cnn");

        succeed(status, "student-cnn");
        assertThat(ready(status, 4, false)).containsExactly("report");
    }

    @Test
    void nothingStartsWhileSuspendedOrAfterAFailure() {
        DistillationStatus status = StatusTest.fresh();

        assertThat(ready(status, 4, true)).isEmpty();

        StepResults.failed(status, "baseline-cnn", "out of memory", NOW);
        assertThat(ready(status, 4, false)).isEmpty();
    }
}
