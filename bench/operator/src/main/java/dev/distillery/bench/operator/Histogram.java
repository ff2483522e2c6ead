package dev.distillery.bench.operator;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A cumulative Prometheus histogram: for each bucket's upper bound in seconds ({@code le}), how
 * many observations were at most that. The difference of two scrapes ({@link #since}) is what
 * happened in between.
 *
 * @param buckets upper bound in seconds to cumulative count, {@code +Inf} included
 */
public record Histogram(NavigableMap<Double, Double> buckets) {

    /**
     * The histogram {@code metric} (its name without {@code _bucket}) in Prometheus text {@code
     * text}, summed over the series whose labels include every entry of {@code labels}; empty when
     * there is none.
     */
    static Histogram parse(String text, String metric, Map<String, String> labels) {
        String prefix = metric + "_bucket{";
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            int close = line.lastIndexOf('}');
            Map<String, String> series = labels(line.substring(prefix.length(), close));
            if (series.entrySet().containsAll(labels.entrySet())) {
                String le = series.get("le");
                double bound =
                        "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                double count = Double.parseDouble(line.substring(close + 1).trim().split(" ")[0]);
                buckets.merge(bound, count, Double::sum);
            }
        }
        return new Histogram(buckets);
    }

    /** What was observed between {@code before} and this scrape. */
    Histogram since(Histogram before) {
        NavigableMap<Double, Double> delta = new TreeMap<>();
        buckets.forEach((le, count) -> delta.put(le, count - before.buckets.getOrDefault(le, 0.0)));
        return new Histogram(delta);
    }

    /**
     * The upper bound, in milliseconds, of the bucket that holds quantile {@code q} (0..1): the
     * value it is at most; NaN without observations, infinite past the last finite bucket.
     */
    double quantileMillis(double q) {
        double total = buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
        if (total <= 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            if (bucket.getValue() >= q * total) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** {@code name="value"} pairs separated by commas (no value here holds a comma or quote). */
    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new TreeMap<>();
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                String value = pair.substring(equals + 1).trim();
                labels.put(
                        pair.substring(0, equals).trim(), value.substring(1, value.length() - 1));
            }
        }
        return labels;
    }
}
