package dev.distillery.bench.operator;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/** The benchmark's results as a Markdown table, one row per number of Distillations. */
public final class ResultsTable {

    private ResultsTable() {}

    /** One row; a round cut by its timeout shows how far it got and no request count. */
    static String row(RoundResult round) {
        double n = round.distillations();
        String succeeded =
                round.finished()
                        ? String.format(Locale.ROOT, "%.1f", round.succeededSeconds())
                        : String.format(
                                Locale.ROOT,
                                "%d of %d after %.0f (timeout)",
                                round.succeeded(),
                                round.distillations(),
                                round.succeededSeconds());
        String requests =
                round.finished()
                        ? String.format(
                                Locale.ROOT,
                                "%.1f / %.1f",
                                round.requestsToSucceeded() / n,
                                round.requestsToDeleted() / n)
                        : "n/a (run not over)";
        String reconciles =
                round.reconciles() == null
                        ? "n/a | n/a"
                        : String.format(
                                Locale.ROOT,
                                "%.1f | %.1f / %s / %s",
                                round.reconciles().count() / n,
                                round.reconciles().meanMillis(),
                                bound(round.reconciles().p99Millis()),
                                bound(round.reconciles().cpuP99Millis()));
        return String.format(
                Locale.ROOT,
                "| %d | %d | %.0f / %.0f / %.0f | %.1f | %s | %s | %s | %.1f | %.2f |%n",
                round.distillations(),
                round.jobs(),
                round.firstJob().p50(),
                round.firstJob().p99(),
                round.firstJob().max(),
                round.createSeconds(),
                succeeded,
                requests,
                reconciles,
                round.heapKib() / 1024.0,
                round.load());
    }

    /** A histogram bucket's upper bound in ms, as "<= 5"; "n/a" when not measured. */
    private static String bound(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        return Double.isInfinite(millis)
                ? "> max bucket"
                : "<= "
                        + new BigDecimal(millis)
                                .round(new MathContext(4))
                                .stripTrailingZeros()
                                .toPlainString();
    }

    /** The table for {@code rounds}. */
    public static String markdown(List<RoundResult> rounds) {
        StringBuilder table = new StringBuilder();
        table.append(
                "| Distillations | Jobs | apply -> first Job p50 / p99 / max (ms) | creates sent (s)"
                        + " | all Succeeded (s) | operator requests per Distillation, to Succeeded"
                        + " / whole life incl. deletion | reconciles per Distillation | reconcile"
                        + " mean / p99 / CPU p99 (ms) | operator heap after GC (MiB) | load (1 min)"
                        + " |\n");
        table.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (RoundResult round : rounds) {
            table.append(row(round));
        }
        return table.toString();
    }

    /**
     * For each finished round, where the apply-to-first-Job time went: the create call, the rest
     * after its answer, and within that the new Distillations' wait for a reconcile thread and the
     * API server's time per Job create (histogram bounds).
     */
    public static String firstJobParts(List<RoundResult> rounds) {
        StringBuilder table = new StringBuilder();
        table.append(
                "| Distillations | apply -> first Job p50 / p99 (ms) | create call p50 / p99 (ms)"
                        + " | create answered -> first Job p50 / p99 (ms) | of which: new"
                        + " Distillation's wait for a reconcile thread p50 / p99 (ms) | API server"
                        + " handling a Job create p50 / p99 (ms) |\n");
        table.append("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (RoundResult round : rounds) {
            FirstJobParts parts = round.firstJobParts();
            if (parts == null) {
                continue;
            }
            table.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %.0f / %.0f | %.0f / %.0f | %.0f / %.0f | %s / %s | %s / %s |%n",
                            round.distillations(),
                            round.firstJob().p50(),
                            round.firstJob().p99(),
                            parts.createCall().p50(),
                            parts.createCall().p99(),
                            parts.afterCreate().p50(),
                            parts.afterCreate().p99(),
                            bound(parts.newWaitP50Millis()),
                            bound(parts.newWaitP99Millis()),
                            bound(parts.jobCreateP50Millis()),
                            bound(parts.jobCreateP99Millis())));
        }
        return table.toString();
    }
}
