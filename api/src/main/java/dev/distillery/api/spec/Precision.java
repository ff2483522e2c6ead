package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The floating-point precision soft labels are stored at. */
public enum Precision {
    /** Four bytes per logit. */
    @JsonProperty("fp32")
    FP32,
    /** Two bytes per logit. */
    @JsonProperty("fp16")
    FP16;

    /** The value as the step command line spells it. */
    public String flag() {
        return this == FP32 ? "fp32" : "fp16";
    }
}
