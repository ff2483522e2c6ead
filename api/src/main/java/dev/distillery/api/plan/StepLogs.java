package dev.distillery.api.plan;

import dev.distillery.api.spec.DistillationSpec;
import dev.distillery.api.spec.Stage;
import dev.distillery.api.status.StepStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a step's log is stored: beside its artifact, as {@code <artifact>.log} ({@code
 * <artifact>.shard-<i>.log} for shard {@code i} of a sharded step), outside the artifact's folder
 * so that neither its manifest nor its content key depends on the log. Both runners pass it to the
 * step with {@link #FLAG}; the CLI finds it again from a Distillation's status.
 */
public final class StepLogs {
    /** The {@code distillery-step} option naming where the step stores its log. */
    public static final String FLAG = "--log";

    private StepLogs() {}

    /** The log of the unsharded step writing {@code artifact}. */
    public static String of(String artifact) {
        return artifact + ".log";
    }

    /**
     * The log of shard {@code index} of the step writing {@code artifact}; {@code index} may be a
     * placeholder the Job expands, such as {@code $(JOB_COMPLETION_INDEX)}.
     */
    public static String ofShard(String artifact, String index) {
        return artifact + ".shard-" + index + ".log";
    }

    /**
     * The logs of the step that {@code step} records, in shard order: one unless it is the sharded
     * soft-labels step of {@code spec}. {@code storage} is the artifact root ({@link
     * PlanSettings#storage}).
     */
    public static List<String> of(DistillationSpec spec, String storage, StepStatus step) {
        String artifact = Planner.artifact(storage, step.getStage(), step.getKey());
        int shards =
                Stage.SOFT_LABELS.label().equals(step.getStage()) ? spec.softLabels().shards() : 1;
        if (shards <= 1) {
            return List.of(of(artifact));
        }
        List<String> logs = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            logs.add(ofShard(artifact, String.valueOf(shard)));
        }
        return List.copyOf(logs);
    }
}
