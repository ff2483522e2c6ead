package dev.distillery.operator.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.Reasons;
import dev.distillery.api.status.StatusLayout;
import dev.distillery.api.status.StatusRollup;
import dev.distillery.api.status.StepPhase;
import dev.distillery.api.status.StepResults;
import dev.distillery.api.status.StepStatus;
import dev.distillery.api.validation.FieldError;
import dev.distillery.contract.StepSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Derives a Distillation's status from its plan, its previous status and what its Jobs show. A step
 * whose Job exists takes its state from the Job until the status records it finished; a finished
 * step keeps what the status remembers, while its Job is deleted (TTL, manual deletion) and after,
 * so it is never run again. Pure.
 */
public final class StatusDerivation {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusDerivation() {}

    /** The status of {@code distillation} given the observations of its Jobs by step name. */
    public static DistillationStatus derive(
            Distillation distillation,
            Plan plan,
            Map<String, StepObservation> observed,
            Instant now) {
        boolean suspend = Boolean.TRUE.equals(distillation.getSpec().suspend());
        // Kueue's to admit while the user has not suspended the run.
        String queue = suspend ? null : distillation.getSpec().queueName();
        long generation = generation(distillation);
        DistillationStatus status =
                remembered(distillation.getStatus(), plan)
                        .orElseGet(() -> StatusLayout.initial(plan, suspend, generation, now));
        for (PlannedStep step : plan.steps()) {
            StepObservation observation = observed.get(step.name());
            if (observation != null) {
                if (!finishedBy(status, step, observation)) {
                    apply(status, plan, step, observation, queue, now);
                }
            } else {
                forgetRunning(status, step);
            }
        }
        StatusRollup.apply(status, suspend, generation, now);
        return status;
    }

    /** The status of a Distillation whose spec cannot run: Failed with every problem listed. */
    public static DistillationStatus invalid(
            Distillation distillation, List<FieldError> errors, Instant now) {
        DistillationStatus status =
                distillation.getStatus() != null
                        ? copy(distillation.getStatus())
                        : new DistillationStatus();
        StatusRollup.invalid(status, errors, generation(distillation), now);
        return status;
    }

    /** A deep copy, so deriving never changes the cached resource. */
    public static DistillationStatus copy(DistillationStatus status) {
        return JSON.convertValue(status, DistillationStatus.class);
    }

    private static long generation(Distillation distillation) {
        Long generation = distillation.getMetadata().getGeneration();
        return generation != null ? generation : 0L;
    }

    /** The previous status, if it lays out exactly the steps of this plan. */
    private static Optional<DistillationStatus> remembered(DistillationStatus previous, Plan plan) {
        if (previous == null || previous.getSteps() == null || previous.getStudents() == null) {
            return Optional.empty();
        }
        List<String> names = previous.getSteps().stream().map(StepStatus::getName).toList();
        List<String> planned = plan.steps().stream().map(PlannedStep::name).toList();
        return names.equals(planned) ? Optional.of(copy(previous)) : Optional.empty();
    }

    /**
     * Records what the Job of {@code step} shows, through {@link StepResults} alone; {@code queue}
     * is the Kueue LocalQueue that admits the run's Jobs, or {@code null}.
     */
    private static void apply(
            DistillationStatus status,
            Plan plan,
            PlannedStep step,
            StepObservation seen,
            String queue,
            Instant now) {
        StepResults.Run run =
                new StepResults.Run(
                        seen.jobName(), instant(seen.startTime()), instant(seen.completionTime()));
        switch (seen.phase()) {
            case PENDING -> StepResults.pending(status, step.name(), seen.jobName());
            case RUNNING ->
                    StepResults.started(
                            status,
                            step.name(),
                            seen.jobName(),
                            run.started() != null ? run.started() : now);
            case SUCCEEDED ->
                    StepResults.succeeded(
                            status, plan, step.name(), summaryOf(step, seen), run, now);
            case FAILED -> StepResults.failed(status, step.name(), seen.message(), run, now);
        }
        if (seen.notStarting() != null && !seen.finished()) {
            StepResults.waiting(
                    status,
                    step.name(),
                    seen.notStarting().reason(),
                    seen.notStarting().describe());
        } else if (queue != null && seen.phase() == StepPhase.PENDING && seen.suspended()) {
            StepResults.waiting(
                    status,
                    step.name(),
                    Reasons.QUEUED,
                    "waiting for Kueue to admit its Job (LocalQueue " + queue + ")");
        }
    }

    private static Instant instant(String time) {
        return time != null ? Instant.parse(time) : null;
    }

    private static StepSummary summaryOf(PlannedStep step, StepObservation seen) {
        if (seen.summary() != null) {
            return seen.summary();
        }
        return new StepSummary(step.args().get(0), null, null, null, null, null, 0, false, null);
    }

    /**
     * Whether the status already records {@code step} finished by the Job observed now. Such a step
     * keeps its record: a finished Job's later looks (its pods deleted by the TTL controller before
     * it, a report that will not come) never take it back to running, and so never to a rerun.
     */
    private static boolean finishedBy(
            DistillationStatus status, PlannedStep step, StepObservation seen) {
        StepStatus recorded = StepResults.entry(status, step.name());
        return StepPhase.finished(recorded.getPhase())
                && seen.jobName().equals(recorded.getJobName());
    }

    /** A step shown running whose Job is gone was not finished: it is pending again. */
    private static void forgetRunning(DistillationStatus status, PlannedStep step) {
        if (StepResults.entry(status, step.name()).getPhase() == StepPhase.RUNNING) {
            StepResults.pending(status, step.name(), null);
        }
    }
}
