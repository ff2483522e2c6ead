package dev.distillery.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.plan.StepScheduler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** While a burst of new Distillations is taken in, each one's first reconcile starts one step. */
class FirstJobsFirstTest {

    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");

    private final Distillation quick =
            Fixtures.distillation(Fixtures.QUICKSTART.replace("parallelism: 1", "parallelism: 2"));
    private final Plan plan = Fixtures.plan(quick);
    private final List<PlannedStep> ready =
            StepScheduler.next(
                    plan,
                    StatusDerivation.derive(quick, plan, Map.of(), NOW),
                    Set.<String>of(),
                    2,
                    false);

    @Test
    void withNoNewcomersWaitingEveryReadyStepStarts() {
        FirstJobsFirst.Starts starts = FirstJobsFirst.of(ready, true, false);

        assertThat(names(starts.now()))
                .containsExactly(
                        "teacher-0", "teacher-1", "baseline-mlp-small", "baseline-cnn-tiny");
        assertThat(starts.heldBack()).isFalse();
    }

    @Test
    void whileNewcomersWaitOnlyTheFirstReadyStepStartsAndTheRestAreHeldBack() {
        FirstJobsFirst.Starts starts = FirstJobsFirst.of(ready, true, true);

        assertThat(names(starts.now())).containsExactly("teacher-0");
        assertThat(starts.heldBack()).isTrue();
    }

    @Test
    void aDistillationAlreadyActedOnStartsEveryReadyStepEvenInABurst() {
        FirstJobsFirst.Starts starts = FirstJobsFirst.of(ready, false, true);

        assertThat(starts.now()).hasSize(4);
        assertThat(starts.heldBack()).isFalse();
    }

    @Test
    void aSingleReadyStepOrNoneIsNeverHeldBack() {
        assertThat(FirstJobsFirst.of(ready.subList(0, 1), true, true))
                .isEqualTo(new FirstJobsFirst.Starts(ready.subList(0, 1), false));
        assertThat(FirstJobsFirst.of(List.of(), true, true))
                .isEqualTo(new FirstJobsFirst.Starts(List.of(), false));
    }

    private static List<String> names(List<PlannedStep> steps) {
        return steps.stream().map(PlannedStep::name).toList();
    }
}
