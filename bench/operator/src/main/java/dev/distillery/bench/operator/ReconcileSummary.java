package dev.distillery.bench.operator;

/**
 * The operator's reconciliations over a round.
 *
 * @param count how many ran
 * @param meanMillis their mean wall time
 * @param p99Millis the upper bound of the histogram bucket holding their 99th percentile wall time,
 *     NaN when the operator exports no histogram
 * @param cpuP99Millis the same for CPU time, NaN when the operator does not export it
 * @param newWaitP50Millis the upper bound of the bucket holding the median time a new
 *     Distillation's reconciliation waited for a thread, NaN when not exported
 * @param newWaitP99Millis the same for the 99th percentile
 */
public record ReconcileSummary(
        long count,
        double meanMillis,
        double p99Millis,
        double cpuP99Millis,
        double newWaitP50Millis,
        double newWaitP99Millis) {}
