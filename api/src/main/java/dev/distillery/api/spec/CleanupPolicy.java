package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happens to a Distillation's artifacts when the resource is deleted. */
public enum CleanupPolicy {
    /** Artifacts stay in storage (other Distillations may reuse them). */
    @JsonProperty("Retain")
    RETAIN,
    /** The artifacts this run wrote are deleted, within a bounded time. */
    @JsonProperty("Delete")
    DELETE
}
