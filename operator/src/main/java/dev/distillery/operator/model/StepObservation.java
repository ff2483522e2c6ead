package dev.distillery.operator.model;

import dev.distillery.api.status.StepPhase;
import dev.distillery.contract.StepSummary;

/**
 * What a step's Job (and its pods) show: where it stands, when it ran, what it reported in its
 * termination message and, when it failed, why.
 *
 * @param jobName the Job's name
 * @param phase Pending (created, suspended or not admitted), Running, Succeeded or Failed
 * @param startTime when the Job started (RFC 3339), or {@code null}
 * @param completionTime when the Job finished (RFC 3339), or {@code null}
 * @param summary the step's one-line summary, or {@code null} when no pod reported one
 * @param message why the step failed, or {@code null}
 * @param suspended whether the Job is suspended
 */
public record StepObservation(
        String jobName,
        StepPhase phase,
        String startTime,
        String completionTime,
        StepSummary summary,
        String message,
        boolean suspended) {

    /** Whether the Job has finished, either way. */
    public boolean finished() {
        return phase == StepPhase.SUCCEEDED || phase == StepPhase.FAILED;
    }
}
