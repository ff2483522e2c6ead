package dev.distillery.api.status;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The phase of a whole Distillation, derived from its conditions for display. */
public enum Phase {
    /** Accepted, no step has started. */
    @JsonProperty("Pending")
    PENDING,
    /** At least one step has started and the run has not finished. */
    @JsonProperty("Running")
    RUNNING,
    /** spec.suspend is true and the run has not finished. */
    @JsonProperty("Suspended")
    SUSPENDED,
    /** Every step succeeded. */
    @JsonProperty("Succeeded")
    SUCCEEDED,
    /** A step failed for good, or the spec is invalid. */
    @JsonProperty("Failed")
    FAILED
}
