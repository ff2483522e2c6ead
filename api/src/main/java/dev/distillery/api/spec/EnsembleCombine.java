package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How an ensemble teacher's members are combined into one set of logits. */
public enum EnsembleCombine {
    /** The log of the mean of the members' softmax probabilities (Hinton et al. 2015). */
    @JsonProperty("probabilities")
    PROBABILITIES,
    /** The mean of the members' raw logits. */
    @JsonProperty("logits")
    LOGITS;

    /** The value as the step command line spells it. */
    public String flag() {
        return this == PROBABILITIES ? "probabilities" : "logits";
    }
}
