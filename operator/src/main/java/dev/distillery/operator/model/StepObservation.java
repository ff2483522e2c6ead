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
 * @param completionTime when the Job finished (RFC 3339), or {@code null}; set on a Running step
 *     whose Job completed while its pod's report has not reached the cache yet
 * @param summary the step's one-line summary, or {@code null} when no pod reported one
 * @param message why the step failed, or {@code null}
 * @param suspended whether the Job is suspended
 * @param notStarting why a pod of the unfinished Job cannot start, or {@code null}
 * @param startTimedOut whether that lasted longer than the pod start timeout: the step failed and
 *     the Job must be stopped
 */
public record StepObservation(
        String jobName,
        StepPhase phase,
        String startTime,
        String completionTime,
        StepSummary summary,
        String message,
        boolean suspended,
        NotStarting notStarting,
        boolean startTimedOut) {

    /** An observation with no pod start problem. */
    public StepObservation(
            String jobName,
            StepPhase phase,
            String startTime,
            String completionTime,
            StepSummary summary,
            String message,
            boolean suspended) {
        this(jobName, phase, startTime, completionTime, summary, message, suspended, null, false);
    }

    /**
     * A pod that cannot start, as its step container's waiting state says.
     *
     * @param pod the pod's name
     * @param reason the waiting reason, such as ImagePullBackOff or CreateContainerConfigError
     * @param message the kubelet's explanation
     * @param since when the pod was started by its node (or created), RFC 3339
     */
    public record NotStarting(String pod, String reason, String message, String since) {

        /** One line for a status message. */
        public String describe() {
            return "pod "
                    + pod
                    + " cannot start: "
                    + reason
                    + (message != null && !message.isBlank() ? ": " + message.strip() : "");
        }
    }

    /** Whether the Job completed and its pod's report is still on its way. */
    public boolean awaitingReport() {
        return phase == StepPhase.RUNNING && completionTime != null;
    }

    /** Whether the Job has finished, either way. */
    public boolean finished() {
        return StepPhase.finished(phase);
    }
}
