package dev.distillery.bench.operator;

/**
 * Where a round's apply-to-first-Job time went: the create call (the API server storing the
 * Distillation), then from its answer to the first Job (the watch to the operator, its queue, its
 * reconcile and Job create, the watch back), with two parts of that second stretch read from
 * histograms.
 *
 * @param createCall from sending each create request to its answer
 * @param afterCreate from the answer to the first Job seen
 * @param newWaitP50Millis upper bound of the bucket holding the median time a new Distillation's
 *     reconciliation waited for a reconcile thread, NaN when the operator does not export it
 * @param newWaitP99Millis the same, 99th percentile
 * @param jobCreateP50Millis upper bound of the bucket holding the API server's median handling time
 *     of a Job create (every Job of the round, not only first ones)
 * @param jobCreateP99Millis the same, 99th percentile
 */
public record FirstJobParts(
        LatencySummary createCall,
        LatencySummary afterCreate,
        double newWaitP50Millis,
        double newWaitP99Millis,
        double jobCreateP50Millis,
        double jobCreateP99Millis) {}
