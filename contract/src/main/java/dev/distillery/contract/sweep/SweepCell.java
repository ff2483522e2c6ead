package dev.distillery.contract.sweep;

import java.util.List;
import java.util.Optional;

/**
 * One (temperature, alpha) setting of one student with all its seeds: the unit a sweep chooses
 * between.
 *
 * @param student the student of the spec
 * @param temperature the cell's temperature
 * @param alpha the cell's alpha
 * @param points the variants of the cell, one per seed, in plan order
 */
public record SweepCell(String student, double temperature, double alpha, List<SweepPoint> points) {

    public SweepCell {
        points = List.copyOf(points);
    }

    /**
     * The cell's name: the variant's name for a single seed, else the variants' common name without
     * their {@code -s<seed>} suffix.
     */
    public String name() {
        if (points.size() == 1) {
            return points.get(0).name();
        }
        String first = points.get(0).name();
        boolean seedSuffixed =
                points.stream()
                        .allMatch(p -> p.seed() != null && p.name().endsWith("-s" + p.seed()));
        if (!seedSuffixed) {
            return first;
        }
        return first.substring(0, first.length() - ("-s" + points.get(0).seed()).length());
    }

    /** Whether every variant of the cell finished with a validation accuracy. */
    public boolean complete() {
        return points.stream().allMatch(p -> p.done() && p.validationAccuracy() != null);
    }

    /** Validation accuracy over the seeds: what selection compares. */
    public Optional<Spread> validation() {
        return Spread.of(points.stream().map(SweepPoint::validationAccuracy).toList());
    }

    /** Test accuracy over the seeds: what is reported for the selected cell. */
    public Optional<Spread> test() {
        return Spread.of(points.stream().map(SweepPoint::testAccuracy).toList());
    }

    /** Test accuracy of the scratch twins over the same seeds. */
    public Optional<Spread> scratch() {
        return Spread.of(points.stream().map(SweepPoint::scratchAccuracy).toList());
    }

    /** Whether the variant named {@code name} is one of this cell's. */
    public boolean has(String name) {
        return points.stream().anyMatch(p -> p.name().equals(name));
    }

    /** The variants' parameter count (the same for every seed), if known. */
    public Long parameters() {
        return points.stream()
                .map(SweepPoint::parameters)
                .filter(p -> p != null)
                .findFirst()
                .orElse(null);
    }
}
