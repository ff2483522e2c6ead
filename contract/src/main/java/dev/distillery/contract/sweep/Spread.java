package dev.distillery.contract.sweep;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The mean and sample standard deviation of one accuracy over the seeds of a sweep cell.
 *
 * @param mean the arithmetic mean
 * @param std the sample standard deviation (n - 1), or {@code null} with a single value
 * @param count how many values it summarises
 */
public record Spread(double mean, Double std, int count) {

    /** The spread of the non-null {@code values}, empty when there is none. */
    public static Optional<Spread> of(List<Double> values) {
        List<Double> present = values.stream().filter(Objects::nonNull).toList();
        if (present.isEmpty()) {
            return Optional.empty();
        }
        double mean = present.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        if (present.size() == 1) {
            return Optional.of(new Spread(mean, null, 1));
        }
        double squares = present.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return Optional.of(
                new Spread(mean, Math.sqrt(squares / (present.size() - 1)), present.size()));
    }
}
