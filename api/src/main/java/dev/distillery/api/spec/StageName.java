package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A stage as the spec names it in {@code resources} and {@code stages}: students and their
 * baselines share one name, the others are one {@link Stage} each.
 */
public enum StageName {
    /** Each teacher member's training pod. */
    @JsonProperty("teacher")
    TEACHER("teacher"),
    /** Each soft-label shard's pod. */
    @JsonProperty("softLabels")
    SOFT_LABELS("softLabels"),
    /** Each student and baseline training pod. */
    @JsonProperty("students")
    STUDENTS("students"),
    /** The report pod. */
    @JsonProperty("report")
    REPORT("report"),
    /** The one pod of an online group. */
    @JsonProperty("online")
    ONLINE("online");

    private final String label;

    StageName(String label) {
        this.label = label;
    }

    /** The name as the spec spells it. */
    public String label() {
        return label;
    }

    /** The name the spec gives {@code stage}. */
    public static StageName of(Stage stage) {
        return switch (stage) {
            case TEACHER -> TEACHER;
            case SOFT_LABELS -> SOFT_LABELS;
            case STUDENT, BASELINE -> STUDENTS;
            case REPORT -> REPORT;
            case ONLINE -> ONLINE;
        };
    }
}
