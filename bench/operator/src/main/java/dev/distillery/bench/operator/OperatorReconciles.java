package dev.distillery.bench.operator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Reads the operator's own reconciliation metrics from its Prometheus {@code /metrics}: how many
 * reconciliations ran and how long they took (wall time, and CPU time where the operator exports
 * it), and how long the new Distillations' reconciliations waited for a thread, as histograms whose
 * difference between two snapshots gives a round's percentiles.
 */
public final class OperatorReconciles {

    static final String COUNT = "distillery_reconciliation_duration_seconds_count";
    static final String SUM = "distillery_reconciliation_duration_seconds_sum";
    static final String WALL = "distillery_reconciliation_duration_seconds";
    static final String CPU = "distillery_reconciliation_cpu_seconds";
    static final String WAIT = "distillery_reconciliation_wait_seconds";

    private final URI metrics;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Reads {@code metrics}, the operator's Prometheus endpoint. */
    public OperatorReconciles(URI metrics) {
        this.metrics = metrics;
    }

    /** The operator's reconciliation counters now. */
    public Snapshot snapshot() throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).build();
        return parse(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    /**
     * Cumulative reconciliation counters.
     *
     * @param count reconciliations
     * @param seconds their total wall time
     * @param wall wall-time histogram
     * @param cpu CPU-time histogram, empty when the operator has none
     * @param newWait the queue wait of new Distillations' reconciliations, empty when the operator
     *     does not export it
     */
    public record Snapshot(
            long count, double seconds, Histogram wall, Histogram cpu, Histogram newWait) {

        /** What happened between {@code before} and this snapshot. */
        public ReconcileSummary since(Snapshot before) {
            long n = count - before.count;
            Histogram waits = newWait.since(before.newWait);
            return new ReconcileSummary(
                    n,
                    n == 0 ? Double.NaN : (seconds - before.seconds) * 1000 / n,
                    wall.since(before.wall).quantileMillis(0.99),
                    cpu.since(before.cpu).quantileMillis(0.99),
                    waits.quantileMillis(0.5),
                    waits.quantileMillis(0.99));
        }
    }

    /** Parses Prometheus text. */
    static Snapshot parse(String text) {
        long count = 0;
        double seconds = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(COUNT)) {
                count = Math.round(value(line));
            } else if (line.startsWith(SUM)) {
                seconds = value(line);
            }
        }
        return new Snapshot(
                count,
                seconds,
                Histogram.parse(text, WALL, Map.of()),
                Histogram.parse(text, CPU, Map.of()),
                Histogram.parse(text, WAIT, Map.of("distillation", "new")));
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
