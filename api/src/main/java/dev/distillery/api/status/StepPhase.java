package dev.distillery.api.status;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where one step (or one student variant) stands. */
public enum StepPhase {
    /** Not started: waiting for its inputs, a parallelism slot or admission. */
    @JsonProperty("Pending")
    PENDING,
    /** Its Job or process is running. */
    @JsonProperty("Running")
    RUNNING,
    /** Finished with a complete artifact (or reused one). */
    @JsonProperty("Succeeded")
    SUCCEEDED,
    /** Failed for good. */
    @JsonProperty("Failed")
    FAILED;

    /** Whether a step in {@code phase} is done, either way: it never runs again (null: not). */
    public static boolean finished(StepPhase phase) {
        return phase == SUCCEEDED || phase == FAILED;
    }
}
