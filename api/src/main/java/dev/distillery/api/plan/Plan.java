package dev.distillery.api.plan;

import dev.distillery.api.spec.Stage;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a Distillation runs: its steps in an order where every step comes after the steps it depends
 * on, and the student variants they train.
 *
 * @param steps every step, dependencies first
 * @param variants every student variant, in spec and grid order
 * @param baselines the name of each variant's baseline step, by variant name (empty without
 *     baselines)
 * @param storage the artifact root the outputs live below
 */
public record Plan(
        List<PlannedStep> steps,
        List<StudentVariant> variants,
        Map<String, String> baselines,
        String storage) {

    public Plan {
        steps = List.copyOf(steps);
        variants = List.copyOf(variants);
        baselines = Map.copyOf(baselines);
    }

    /** The step named {@code name}, if the plan has it. */
    public Optional<PlannedStep> step(String name) {
        return steps.stream().filter(step -> step.name().equals(name)).findFirst();
    }

    /** The steps of one stage, in plan order. */
    public List<PlannedStep> steps(Stage stage) {
        return steps.stream().filter(step -> step.stage() == stage).toList();
    }

    /**
     * The distillation step that trains the variant named {@code variant}: its own, or its pack.
     */
    public Optional<PlannedStep> studentStep(String variant) {
        return steps.stream()
                .filter(
                        step ->
                                step.stage() == Stage.STUDENT
                                        && (variant.equals(step.student())
                                                || step.packed().contains(variant)))
                .findFirst();
    }

    /** The scratch twin of the variant named {@code variant}, when baselines are planned. */
    public Optional<PlannedStep> baselineStep(String variant) {
        return Optional.ofNullable(baselines.get(variant)).flatMap(this::step);
    }
}
