package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where students get their teacher's logits from. */
public enum SoftLabelsMode {
    /** Computed once by a soft-labels step and stored; students read them. */
    @JsonProperty("stored")
    STORED,
    /**
     * Computed on the fly in every student step by the fixed teacher(s), on each augmented batch
     * the student sees: no soft-labels step, but the teacher runs in every student pod.
     */
    @JsonProperty("consistent")
    CONSISTENT;

    /** The value as the spec spells it. */
    public String value() {
        return this == STORED ? "stored" : "consistent";
    }
}
