package dev.distillery.bench.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Times each Distillation from the moment its create request is sent to the moment the watch
 * delivers the first Job it owns, on this JVM's monotonic clock, and the create call's answer in
 * between, which splits that time into the API server's part and the operator's.
 */
public final class FirstJobClock {

    private final long epochMillisAtStart = System.currentTimeMillis();
    private final long nanosAtStart = System.nanoTime();
    private final Map<String, Long> applied = new ConcurrentHashMap<>();
    private final Map<String, Long> created = new ConcurrentHashMap<>();
    private final Map<String, Long> firstJob = new ConcurrentHashMap<>();

    /** The create request for {@code distillation} is about to be sent. */
    public void applied(String distillation) {
        applied.put(distillation, System.nanoTime());
    }

    /** The API server answered the create request for {@code distillation}. */
    public void created(String distillation) {
        created.put(distillation, System.nanoTime());
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
        return between(applied, firstJob);
    }

    /** Milliseconds from sending each create request to its answer. */
    public List<Double> createCallsMillis() {
        return between(applied, created);
    }

    /** Milliseconds from each create request's answer to the Distillation's first Job. */
    public List<Double> afterCreateMillis() {
        return between(created, firstJob);
    }

    private static List<Double> between(Map<String, Long> from, Map<String, Long> to) {
        List<Double> millis = new ArrayList<>();
        from.forEach(
                (name, start) -> {
                    Long end = to.get(name);
                    if (end != null) {
                        millis.add((end - start) / 1_000_000.0);
                    }
                });
        return millis;
    }

    /**
     * One line per Distillation, in order of apply: its name, then the wall-clock times (epoch
     * milliseconds) of the create request, its answer and its first Job, empty where not seen; to
     * line up with the operator's log, whose lines carry wall-clock times.
     */
    public String timeline() {
        StringBuilder csv = new StringBuilder("distillation,applied_ms,answered_ms,first_job_ms\n");
        applied.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(
                        e ->
                                csv.append(e.getKey())
                                        .append(',')
                                        .append(epochMillis(e.getValue()))
                                        .append(',')
                                        .append(epochMillis(created.get(e.getKey())))
                                        .append(',')
                                        .append(epochMillis(firstJob.get(e.getKey())))
                                        .append('\n'));
        return csv.toString();
    }

    private String epochMillis(Long nanos) {
        return nanos == null
                ? ""
                : Long.toString(epochMillisAtStart + (nanos - nanosAtStart) / 1_000_000);
    }
}
