package dev.distillery.bench.operator;

import java.util.List;
import java.util.Locale;

/** The benchmark's results as a Markdown table, one row per number of Distillations. */
public final class ResultsTable {

    private ResultsTable() {}

    /** The table for {@code rounds}. */
    public static String markdown(List<RoundResult> rounds) {
        StringBuilder table = new StringBuilder();
        table.append(
                "| Distillations | Jobs | apply -> first Job p50 / p99 / max (ms) | creates sent (s)"
                        + " | all Succeeded (s) | operator requests per Distillation, to Succeeded"
                        + " / whole life incl. deletion | operator heap after GC (MiB) | load (1 min)"
                        + " |\n");
        table.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (RoundResult round : rounds) {
            double n = round.distillations();
            table.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %d | %.0f / %.0f / %.0f | %.1f | %.1f | %.1f / %.1f | %.1f | %.2f |%n",
                            round.distillations(),
                            round.jobs(),
                            round.firstJob().p50(),
                            round.firstJob().p99(),
                            round.firstJob().max(),
                            round.createSeconds(),
                            round.succeededSeconds(),
                            round.requestsToSucceeded() / n,
                            round.requestsToDeleted() / n,
                            round.heapKib() / 1024.0,
                            round.load()));
        }
        return table.toString();
    }
}
