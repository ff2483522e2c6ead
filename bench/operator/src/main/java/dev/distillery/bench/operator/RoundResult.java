package dev.distillery.bench.operator;

/**
 * What one round of the benchmark measured for {@code distillations} Distillations.
 *
 * @param distillations how many Distillations were created
 * @param succeeded how many reached Succeeded within the timeout
 * @param jobs Jobs the operator created
 * @param firstJob apply-to-first-Job latencies
 * @param firstJobParts where that time went, {@code null} when not all succeeded
 * @param createSeconds wall time to send every create request
 * @param succeededSeconds wall time from the first create to every Distillation Succeeded (or to
 *     the timeout)
 * @param requestsToSucceeded operator requests from the first create until quiet after Succeeded,
 *     -1 when not all succeeded
 * @param requestsToDeleted operator requests over the whole life, deletion included, -1 when not
 *     all succeeded
 * @param heapKib operator used heap after a full GC, at the end of the round
 * @param reconciles the operator's reconciliations from the first create until quiet after
 *     Succeeded, {@code null} when not all succeeded
 * @param load the 1-minute load average when the round ended
 */
public record RoundResult(
        int distillations,
        int succeeded,
        int jobs,
        LatencySummary firstJob,
        FirstJobParts firstJobParts,
        double createSeconds,
        double succeededSeconds,
        long requestsToSucceeded,
        long requestsToDeleted,
        long heapKib,
        ReconcileSummary reconciles,
        double load) {

    /** Whether every Distillation succeeded, so the request counts cover whole lives. */
    public boolean finished() {
        return succeeded == distillations;
    }
}
