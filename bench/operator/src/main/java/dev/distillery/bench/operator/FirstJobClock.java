package dev.distillery.bench.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Times each Distillation from the moment its create request is sent to the moment the watch
 * delivers the first Job it owns, on this JVM's monotonic clock.
 */
public final class FirstJobClock {

    private final Map<String, Long> applied = new ConcurrentHashMap<>();
    private final Map<String, Long> firstJob = new ConcurrentHashMap<>();

    /** The create request for {@code distillation} is about to be sent. */
    public void applied(String distillation) {
        applied.put(distillation, System.nanoTime());
    }

    /** A Job owned by {@code distillation} arrived; only the first one counts. */
    public void jobSeen(String distillation) {
        firstJob.putIfAbsent(distillation, System.nanoTime());
    }

    /** How many Distillations have their first Job. */
    public int withJobs() {
        return firstJob.size();
    }

    /** Milliseconds from apply to first Job, for every Distillation that has both. */
    public List<Double> latenciesMillis() {
        List<Double> millis = new ArrayList<>();
        applied.forEach(
                (name, sent) -> {
                    Long seen = firstJob.get(name);
                    if (seen != null) {
                        millis.add((seen - sent) / 1_000_000.0);
                    }
                });
        return millis;
    }
}
