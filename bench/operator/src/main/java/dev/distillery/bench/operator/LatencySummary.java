package dev.distillery.bench.operator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The p50, p99 and maximum of a set of latencies in milliseconds (nearest-rank percentiles).
 *
 * @param count how many latencies
 * @param p50 the median
 * @param p99 the 99th percentile
 * @param max the largest
 */
public record LatencySummary(int count, double p50, double p99, double max) {

    /** Summarises {@code millis}; an empty list has no percentiles. */
    public static LatencySummary of(List<Double> millis) {
        if (millis.isEmpty()) {
            throw new IllegalArgumentException("no latencies to summarise");
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return new LatencySummary(
                sorted.size(),
                nearestRank(sorted, 50),
                nearestRank(sorted, 99),
                sorted.get(sorted.size() - 1));
    }

    private static double nearestRank(List<Double> sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
