package dev.distillery.bench.operator;

/**
 * What one round of the benchmark measured for {@code distillations} Distillations.
 *
 * @param distillations how many Distillations were created
 * @param jobs Jobs the operator created
 * @param firstJob apply-to-first-Job latencies
 * @param createSeconds wall time to send every create request
 * @param succeededSeconds wall time from the first create to every Distillation Succeeded
 * @param requestsToSucceeded operator requests from the first create until quiet after Succeeded
 * @param requestsToDeleted operator requests over the whole life, deletion included
 * @param heapKib operator used heap after a full GC, every Distillation Succeeded
 * @param load the 1-minute load average when the round ended
 */
public record RoundResult(
        int distillations,
        int jobs,
        LatencySummary firstJob,
        double createSeconds,
        double succeededSeconds,
        long requestsToSucceeded,
        long requestsToDeleted,
        long heapKib,
        double load) {}
