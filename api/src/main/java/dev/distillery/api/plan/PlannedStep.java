package dev.distillery.api.plan;

import dev.distillery.api.spec.ComputeResources;
import dev.distillery.api.spec.Stage;
import dev.distillery.contract.GroupMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One node of a plan: a {@code distillery-step} invocation with its output, the steps it waits for,
 * what it requests and its content key.
 *
 * @param name the step's name, unique in the plan and DNS-safe (for example {@code teacher-0},
 *     {@code student-small-t4})
 * @param stage the stage the step belongs to
 * @param student the student variant it trains (students and baselines), or {@code null}
 * @param args the {@code distillery-step} arguments, starting with the subcommand; a run gets its
 *     shard flags and its log's place from {@link #argsForShard}
 * @param output the URI the step writes its artifact to: {@code <storage>/<stage>/<key>}
 * @param dependsOn the names of the steps whose artifacts it reads
 * @param resources what its pod requests
 * @param key the content key of its output
 * @param shards how many parallel shards the step runs as (1 unless soft labels are sharded)
 * @param packed what a pack trains, each published below its output as {@code student-<name>}:
 *     student variants (a student pack) or students (a pack of scratch twins); empty for other
 *     steps
 */
public record PlannedStep(
        String name,
        Stage stage,
        String student,
        List<String> args,
        String output,
        List<String> dependsOn,
        ComputeResources resources,
        String key,
        int shards,
        List<String> packed) {

    public PlannedStep {
        args = List.copyOf(args);
        dependsOn = List.copyOf(dependsOn);
        packed = List.copyOf(packed);
    }

    /** A step that is not a pack. */
    public PlannedStep(
            String name,
            Stage stage,
            String student,
            List<String> args,
            String output,
            List<String> dependsOn,
            ComputeResources resources,
            String key,
            int shards) {
        this(name, stage, student, args, output, dependsOn, resources, key, shards, List.of());
    }

    /** Whether it trains several students (or scratch twins) together. */
    public boolean isPack() {
        return !packed.isEmpty();
    }

    /** Where a pack publishes {@code name}'s model: {@code <output>/student-<name>}. */
    public String packedOutput(String name) {
        return output + "/" + GroupMetrics.student(name);
    }

    /** What identifies {@code name}'s model in a pack: {@code <key>/student-<name>}. */
    public String packedKey(String name) {
        return key + "/" + GroupMetrics.student(name);
    }

    /**
     * The artifacts that exist complete once the step has run: its output, or one artifact per
     * shard below it ({@code <output>/shard-00001-of-00004}, as the steps write them). A runner
     * reuses the step's result when all of them are complete.
     */
    public List<String> artifacts() {
        if (shards <= 1) {
            return List.of(output);
        }
        List<String> parts = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            parts.add(output + "/" + String.format("shard-%05d-of-%05d", shard, shards));
        }
        return List.copyOf(parts);
    }

    /**
     * Whether the step scores a pretrained teacher member ({@code evaluate}) instead of training.
     */
    public boolean scoresPretrained() {
        return stage == Stage.TEACHER && !args.isEmpty() && "evaluate".equals(args.get(0));
    }

    /** The value following {@code flag} in the arguments, such as {@code --model}. */
    public Optional<String> arg(String flag) {
        int at = args.indexOf(flag);
        return at >= 0 && at + 1 < args.size() ? Optional.of(args.get(at + 1)) : Optional.empty();
    }

    /**
     * The arguments one run of the step gets: {@link #args}, {@code --shard INDEX --shards N} when
     * it is sharded, and where it stores its log ({@link #log}). The operator passes {@code
     * "$(JOB_COMPLETION_INDEX)"} as the index of an Indexed Job; the local runner passes 0 to N-1.
     */
    public List<String> argsForShard(String index) {
        List<String> run = new ArrayList<>(args);
        if (shards > 1) {
            run.addAll(List.of("--shard", index, "--shards", String.valueOf(shards)));
        }
        run.addAll(List.of(StepLogs.FLAG, log(index)));
        return List.copyOf(run);
    }

    /**
     * Where the step (shard {@code index} of it, when sharded) stores its log: {@link StepLogs}.
     */
    public String log(String index) {
        return shards > 1 ? StepLogs.ofShard(output, index) : StepLogs.of(output);
    }
}
