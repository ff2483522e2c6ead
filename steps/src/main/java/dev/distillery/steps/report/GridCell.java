package dev.distillery.steps.report;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One (temperature, alpha) setting of one student in the report, with its variants (one per seed)
 * and their scratch twins.
 *
 * @param temperature the cell's temperature
 * @param alpha the cell's alpha
 * @param variants the distilled variants of the cell
 * @param scratch the scratch twins of those variants that have one
 */
record GridCell(
        double temperature, double alpha, List<ModelResult> variants, List<ModelResult> scratch) {

    GridCell {
        variants = List.copyOf(variants);
        scratch = List.copyOf(scratch);
    }

    /** The cell of {@code variants}, with their twins from {@code scratchOf}. */
    static GridCell of(List<ModelResult> variants, Map<String, ModelResult> scratchOf) {
        return new GridCell(
                variants.get(0).temperature(),
                variants.get(0).alpha(),
                variants,
                variants.stream()
                        .map(v -> scratchOf.get(v.name()))
                        .filter(Objects::nonNull)
                        .toList());
    }

    /**
     * The cell's name: the variant's name for one seed, else the variants' name without its {@code
     * -s<seed>} suffix.
     */
    String name() {
        ModelResult first = variants.get(0);
        if (variants.size() == 1 || first.seed() == null) {
            return first.name();
        }
        String suffix = "-s" + first.seed();
        return first.name().endsWith(suffix)
                ? first.name().substring(0, first.name().length() - suffix.length())
                : first.name();
    }

    /** Whether every variant has a validation accuracy, so the cell can be compared. */
    boolean complete() {
        return variants.stream().allMatch(v -> v.validationAccuracy() != null);
    }

    /** Validation accuracy over seeds: what the choice is made on. */
    Optional<AccuracySpread> validation() {
        return AccuracySpread.of(variants.stream().map(ModelResult::validationAccuracy).toList());
    }

    /** Test accuracy over seeds: reported for the chosen cell only. */
    Optional<AccuracySpread> test() {
        return AccuracySpread.of(variants.stream().map(ModelResult::accuracy).toList());
    }

    /** The scratch twins' test accuracy over the same seeds. */
    Optional<AccuracySpread> scratchTest() {
        return AccuracySpread.of(scratch.stream().map(ModelResult::accuracy).toList());
    }

    /** The variants' parameter count, if known. */
    Long parameters() {
        return variants.stream()
                .map(ModelResult::parameters)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /** Whether the variant named {@code name} is one of this cell's. */
    boolean has(String name) {
        return variants.stream().anyMatch(v -> v.name().equals(name));
    }
}
