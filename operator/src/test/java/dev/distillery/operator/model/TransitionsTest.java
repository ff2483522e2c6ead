package dev.distillery.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.status.DistillationStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransitionsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");

    private final Distillation quick = Fixtures.distillation(Fixtures.QUICKSTART);
    private final Plan plan = Fixtures.plan(quick);

    @Test
    void aFailedStepIsAWarningForTheStepAndTheRun() {
        DistillationStatus before = StatusDerivation.derive(quick, plan, Map.of(), NOW);
        Job job =
                Fixtures.failed(
                        Fixtures.created(quick, Fixtures.step(plan, "teacher-0")),
                        "2026-01-01T00:00:00Z",
                        "2026-01-01T00:01:00Z",
                        "BackoffLimitExceeded",
                        "Job has reached the specified backoff limit");
        DistillationStatus after =
                StatusDerivation.derive(
                        quick, plan, Map.of("teacher-0", JobObserver.observe(job, List.of())), NOW);

        List<Transition> transitions = Transitions.between(before, after);

        assertThat(transitions)
                .filteredOn(Transition::warning)
                .extracting(Transition::reason)
                .containsExactlyInAnyOrder("StepFailed", "Failed");
        assertThat(transitions)
                .filteredOn(t -> t.reason().equals("Failed"))
                .singleElement()
                .satisfies(
                        t ->
                                assertThat(t.message())
                                        .startsWith(
                                                "Failed=True (StepFailed): step teacher-0 failed")
                                        .contains("BackoffLimitExceeded"));
    }

    @Test
    void resumingIsReportedOnce() {
        Distillation suspended =
                Fixtures.distillation(
                        Fixtures.QUICKSTART.replace(
                                "  parallelism: 1", "  parallelism: 1\n  suspend: true"));
        DistillationStatus held = StatusDerivation.derive(suspended, plan, Map.of(), NOW);
        DistillationStatus resumed = StatusDerivation.derive(quick, plan, Map.of(), NOW);

        assertThat(Transitions.between(null, held))
                .extracting(Transition::reason)
                .contains("Suspended");
        assertThat(Transitions.between(held, resumed))
                .extracting(Transition::reason)
                .containsExactly("NotSuspended");
    }
}
