package dev.distillery.steps.report;

import java.util.Collection;
import java.util.Objects;

/**
 * The range of a logarithmic chart axis widened to whole decades, so that the axis always carries
 * at least two labelled ticks (10,000 and 100,000, not one lone {@code 1E5} when every point sits
 * within one decade).
 *
 * @param min the power of ten at or below the smallest value
 * @param max the power of ten above the largest value (at least one decade above {@code min})
 */
record DecadeRange(double min, double max) {

    /** The decades around the positive, finite {@code values}; {@code null} when there is none. */
    static DecadeRange of(Collection<Double> values) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Double value : values) {
            if (value != null && Double.isFinite(value) && value > 0) {
                low = Math.min(low, value);
                high = Math.max(high, value);
            }
        }
        if (low > high) {
            return null;
        }
        int first = (int) Math.floor(Math.log10(low));
        int last = Math.max(first + 1, (int) Math.ceil(Math.log10(high)));
        return new DecadeRange(Math.pow(10, first), Math.pow(10, last));
    }

    /** The decades around every value of {@code values}, a list per series. */
    static DecadeRange ofSeries(Collection<double[]> values) {
        return of(
                values.stream()
                        .filter(Objects::nonNull)
                        .flatMap(v -> java.util.Arrays.stream(v).boxed())
                        .toList());
    }
}
