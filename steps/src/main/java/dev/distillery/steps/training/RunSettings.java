package dev.distillery.steps.training;

import dev.distillery.contract.DistilleryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that determines what a training run computes, by the flag that sets it: the training
 * settings and the inputs (data, limit, split, teacher). Stored in every checkpoint and in the
 * finished model's {@code metrics.json}, so a rerun into the same output that asks for anything
 * else is refused, naming the settings that differ, instead of continuing another run's curve or
 * answering with its results.
 *
 * @param values the value of each flag, as text, in a fixed order
 */
public record RunSettings(Map<String, String> values) {

    public RunSettings {
        values = new LinkedHashMap<>(values);
    }

    /** The settings of a run with {@code settings} on {@code inputs} (flag to value). */
    public static RunSettings of(TrainingSettings settings, Map<String, String> inputs) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("--model", settings.spec().text());
        v.put("--epochs", String.valueOf(settings.epochs()));
        v.put("--batch-size", String.valueOf(settings.batchSize()));
        v.put("--learning-rate", String.valueOf(settings.learningRate()));
        v.put("--seed", String.valueOf(settings.seed()));
        v.put("--optimizer", settings.optimizer());
        v.put("--momentum", String.valueOf(settings.momentum()));
        v.put("--weight-decay", String.valueOf(settings.weightDecay()));
        v.put("--val-fraction", String.valueOf(settings.validationFraction()));
        v.put("--split-seed", String.valueOf(settings.splitSeed()));
        v.put("--augment", String.valueOf(settings.augment()));
        v.put("--flip", String.valueOf(settings.flip()));
        v.put("--temperature", String.valueOf(settings.temperature()));
        v.put("--alpha", String.valueOf(settings.alpha()));
        v.put("--lr-schedule", settings.schedule());
        v.put("--warmup-epochs", String.valueOf(settings.warmupEpochs()));
        v.put("--early-stopping", String.valueOf(settings.earlyStopping()));
        v.put("--label-smoothing", String.valueOf(settings.labelSmoothing()));
        v.put("--hint-weight", String.valueOf(settings.hintWeight()));
        v.putAll(inputs);
        return new RunSettings(v);
    }

    /**
     * Fails with bad input unless {@code earlier} (the settings {@code what} was made with, e.g.
     * "checkpoint s3://b/out/checkpoint/slot-1") equal these, naming every setting that differs.
     */
    public void requireSameAs(RunSettings earlier, String what) {
        List<String> differences = new ArrayList<>();
        for (String flag : union(earlier)) {
            String then = earlier.values().get(flag);
            String now = values.get(flag);
            if (!Objects.equals(then, now)) {
                differences.add(
                        flag + " " + shown(then) + " there, " + shown(now) + " in this run");
            }
        }
        if (!differences.isEmpty()) {
            throw DistilleryException.badInput(
                    what
                            + " belongs to another run ("
                            + String.join("; ", differences)
                            + "): use another --output, or the same settings to continue it");
        }
    }

    private List<String> union(RunSettings earlier) {
        List<String> flags = new ArrayList<>(values.keySet());
        for (String flag : earlier.values().keySet()) {
            if (!flags.contains(flag)) {
                flags.add(flag);
            }
        }
        return flags;
    }

    private static String shown(String value) {
        return value == null ? "unset" : value;
    }
}
