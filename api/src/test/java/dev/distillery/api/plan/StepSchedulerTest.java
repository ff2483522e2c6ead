package dev.distillery.api.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.DistillationYaml;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.StatusLayout;
import dev.distillery.api.status.StatusRollup;
import dev.distillery.api.status.StepResults;
import dev.distillery.contract.StepSummary;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rule both runners start steps by, on a status recorded the way both record it. */
class StepSchedulerTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private final Plan plan =
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
                              parallelism: 2
                            """,
                            "demo.yaml"),
                    PlanSettings.withDefaultStorage("file:///tmp/kd"));
    private final DistillationStatus status = StatusLayout.initial(plan, false, 1, T0);
    private final Set<String> started = new HashSet<>();

    private List<String> next(int parallelism, int slots) {
        StatusRollup.apply(status, false, 1, T0);
        return StepScheduler.next(plan, status, started, parallelism, slots, false).stream()
                .map(PlannedStep::name)
                .toList();
    }

    private void start(String step) {
        started.add(step);
        StepResults.started(status, step, null, T0);
    }

    private void succeed(String step) {
        start(step);
        StepResults.succeeded(
                status,
                plan,
                step,
                new StepSummary("train", null, 0.9, 10L, 1, 2000L, 1, false, null),
                T0);
    }

    @Test
    void slotsCapEveryStartAndParallelismOnlyStudentsAndBaselines() {
        assertThat(next(2, Integer.MAX_VALUE))
                .containsExactly("teacher-0", "teacher-1", "baseline-mlp", "baseline-cnn");
        assertThat(next(1, Integer.MAX_VALUE))
                .containsExactly("teacher-0", "teacher-1", "baseline-mlp");
        assertThat(next(2, 3)).containsExactly("teacher-0", "teacher-1", "baseline-mlp");
        assertThat(next(2, 0)).isEmpty();
    }

    @Test
    void aStepStartsOnceAndOnlyAfterItsInputsSucceeded() {
        start("teacher-0");
        succeed("teacher-1");
        assertThat(next(2, Integer.MAX_VALUE)).doesNotContain("teacher-0", "soft-labels");

        succeed("teacher-0");
        assertThat(next(2, Integer.MAX_VALUE)).contains("soft-labels");
    }

    @Test
    void aFailedStepStopsEveryNewStart() {
        start("teacher-0");
        StepResults.failed(status, "teacher-0", "exit code 1", T0);

        assertThat(next(2, Integer.MAX_VALUE)).isEmpty();
    }
}
