package dev.distillery.api.spec;

/** The stages of a distillation, in the order they run. */
public enum Stage {
    /** Training one teacher member. */
    TEACHER("teacher"),
    /** Running the teacher over the training set once, storing its logits. */
    SOFT_LABELS("soft-labels"),
    /** Training one student variant from the soft labels. */
    STUDENT("student"),
    /** Training a student architecture from scratch (alpha 0) as its baseline. */
    BASELINE("baseline"),
    /** Training the teacher and the students together in one step (mode online). */
    ONLINE("online"),
    /** Gathering every result into one report. */
    REPORT("report");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    /** The stage as it appears in storage paths, labels and Job names. */
    public String label() {
        return label;
    }
}
