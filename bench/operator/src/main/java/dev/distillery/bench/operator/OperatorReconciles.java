package dev.distillery.bench.operator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the operator's own reconciliation metrics from its Prometheus {@code /metrics}: how many
 * reconciliations ran and how long they took (wall time, and CPU time where the operator exports
 * it), as histograms whose difference between two snapshots gives a round's p99.
 */
public final class OperatorReconciles {

    static final String COUNT = "distillery_reconciliation_duration_seconds_count";
    static final String SUM = "distillery_reconciliation_duration_seconds_sum";
    static final String WALL_BUCKET = "distillery_reconciliation_duration_seconds_bucket{";
    static final String CPU_BUCKET = "distillery_reconciliation_cpu_seconds_bucket{";

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
     * @param wall cumulative wall-time histogram, upper bound in seconds to count
     * @param cpu cumulative CPU-time histogram, empty when the operator has none
     */
    public record Snapshot(
            long count, double seconds, Map<Double, Double> wall, Map<Double, Double> cpu) {

        /** What happened between {@code before} and this snapshot. */
        public ReconcileSummary since(Snapshot before) {
            long n = count - before.count;
            return new ReconcileSummary(
                    n,
                    n == 0 ? Double.NaN : (seconds - before.seconds) * 1000 / n,
                    p99Millis(wall, before.wall),
                    p99Millis(cpu, before.cpu));
        }
    }

    /** Parses Prometheus text. */
    static Snapshot parse(String text) {
        long count = 0;
        double seconds = 0;
        Map<Double, Double> wall = new TreeMap<>();
        Map<Double, Double> cpu = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(COUNT)) {
                count = Math.round(value(line));
            } else if (line.startsWith(SUM)) {
                seconds = value(line);
            } else if (line.startsWith(WALL_BUCKET)) {
                wall.put(le(line), value(line));
            } else if (line.startsWith(CPU_BUCKET)) {
                cpu.put(le(line), value(line));
            }
        }
        return new Snapshot(count, seconds, wall, cpu);
    }

    /**
     * The upper bound of the histogram bucket holding the 99th percentile of what was added between
     * {@code before} and {@code after}, in milliseconds; NaN without a histogram or observations.
     */
    static double p99Millis(Map<Double, Double> after, Map<Double, Double> before) {
        double total = delta(after, before, Double.POSITIVE_INFINITY);
        if (after.isEmpty() || total <= 0) {
            return Double.NaN;
        }
        for (double le : after.keySet()) {
            if (delta(after, before, le) >= 0.99 * total) {
                return le * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static double delta(Map<Double, Double> after, Map<Double, Double> before, double le) {
        return after.getOrDefault(le, 0.0) - before.getOrDefault(le, 0.0);
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static double le(String line) {
        int start = line.indexOf("le=\"") + 4;
        String bound = line.substring(start, line.indexOf('"', start));
        return "+Inf".equals(bound) ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
    }
}
