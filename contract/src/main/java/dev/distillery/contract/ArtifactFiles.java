package dev.distillery.contract;

/**
 * The file names every step artifact shares, so that readers (the next step, the local runner, a
 * user's own program) find them without asking the step that wrote them.
 */
public final class ArtifactFiles {
    /**
     * Written last, with the size and sha256 of every other file: an artifact without it is
     * incomplete, whatever else is there.
     */
    public static final String MANIFEST = "manifest.json";

    /** The step's metrics: at least accuracy, parameters, epochs and seconds. */
    public static final String METRICS = "metrics.json";

    /** The network's spec and shapes, enough to rebuild it before loading its parameters. */
    public static final String MODEL_SPEC = "model.json";

    /** The prefix below an output where {@code train} keeps its per-epoch checkpoint. */
    public static final String CHECKPOINT = "checkpoint";

    private ArtifactFiles() {}
}
