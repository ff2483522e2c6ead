package dev.distillery.api.status;

/** The stable reasons of a Distillation's conditions: CamelCase words tools may match on. */
public final class Reasons {
    /** Nothing of the stage has started. */
    public static final String PENDING = "Pending";

    /** A step of the stage is running. */
    public static final String RUNNING = "Running";

    /** Every step of the stage succeeded. */
    public static final String COMPLETED = "Completed";

    /** The teacher was given as trained artifacts. */
    public static final String PRETRAINED = "Pretrained";

    /** The stage has nothing to do in this spec (soft labels in consistent mode). */
    public static final String NOT_NEEDED = "NotNeeded";

    /** A step of the stage failed for good. */
    public static final String STEP_FAILED = "StepFailed";

    /**
     * A step's pod cannot start (its image cannot be pulled, a Secret it names is missing): it
     * fails after the operator's pod start timeout unless that is fixed.
     */
    public static final String POD_NOT_STARTING = "PodNotStarting";

    /**
     * A step's waiting reason on a run queued through Kueue: its Job waits, suspended, for Kueue to
     * admit it (quota, or preempted by a higher priority).
     */
    public static final String QUEUED = "Queued";

    /** An earlier stage failed, so this one will not run. */
    public static final String UPSTREAM_FAILED = "UpstreamFailed";

    /** The spec cannot run as written. */
    public static final String INVALID_SPEC = "InvalidSpec";

    /** {@code spec.suspend} is true. */
    public static final String SUSPENDED = "Suspended";

    /** {@code spec.suspend} is false. */
    public static final String NOT_SUSPENDED = "NotSuspended";

    /** No step has failed. */
    public static final String NO_FAILURE = "NoFailure";

    private Reasons() {}
}
