package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the learning rate changes over a training run, batch by batch. */
public enum LearningRateSchedule {
    /** The learning rate throughout (after any warm-up). */
    @JsonProperty("constant")
    CONSTANT,
    /** Cosine annealing from the learning rate to zero over the run (after any warm-up). */
    @JsonProperty("cosine")
    COSINE;

    /** The value as the step command line spells it. */
    public String flag() {
        return this == CONSTANT ? "constant" : "cosine";
    }
}
