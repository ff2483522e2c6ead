package dev.distillery.bench.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * Counts the API requests the operator made, from the apiserver's API Priority and Fairness metric
 * {@code apiserver_flowcontrol_dispatched_requests_total} of a FlowSchema that matches only the
 * operator's identity.
 */
public final class OperatorRequests {

    private static final String METRIC = "apiserver_flowcontrol_dispatched_requests_total{";

    private final KubernetesClient admin;
    private final String flowSchema;

    /** Reads the metric through {@code admin} for {@code flowSchema}. */
    public OperatorRequests(KubernetesClient admin, String flowSchema) {
        this.admin = admin;
        this.flowSchema = flowSchema;
    }

    /** The operator's requests dispatched so far. */
    public long total() {
        return count(admin.raw("/metrics"), flowSchema);
    }

    /**
     * Waits until the count stays the same for {@code quiet} (the operator has finished reacting),
     * at most {@code limit}; returns the last count.
     */
    public long whenQuiet(Duration quiet, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long last = total();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            long now = total();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince >= quiet.toNanos()) {
                return last;
            }
        }
        return last;
    }

    /** Sums the dispatched requests of {@code flowSchema} in Prometheus text {@code metrics}. */
    static long count(String metrics, String flowSchema) {
        String label = "flow_schema=\"" + flowSchema + "\"";
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(METRIC) && line.contains(label)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(total);
    }
}
