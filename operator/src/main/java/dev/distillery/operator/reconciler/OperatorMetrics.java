package dev.distillery.operator.reconciler;

import dev.distillery.api.status.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The operator's Prometheus metrics: reconciliations, their errors, wall and CPU times (as
 * histograms), the reconciliation queue, Jobs created by stage, and Distillations by phase.
 */
public final class OperatorMetrics {

    private final MeterRegistry registry;
    private final Counter reconciliations;
    private final Counter errors;
    private final Timer duration;
    private final Timer cpu;
    private final Timer newWait;
    private final Timer underWayWait;

    /** Histogram buckets of reconciliation times, so a p99 can be read from Prometheus. */
    private static final Duration[] BUCKETS =
            Stream.of(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
                    .map(Duration::ofMillis)
                    .toArray(Duration[]::new);

    private final Map<String, Phase> phases = new ConcurrentHashMap<>();

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.reconciliations =
                Counter.builder("distillery.reconciliations")
                        .description("Reconciliations of Distillations")
                        .register(registry);
        this.errors =
                Counter.builder("distillery.reconciliation.errors")
                        .description("Reconciliations that ended in an error (retried)")
                        .register(registry);
        this.duration =
                Timer.builder("distillery.reconciliation.duration")
                        .description("How long one reconciliation took")
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry);
        this.cpu =
                Timer.builder("distillery.reconciliation.cpu")
                        .description("CPU time of one reconciliation (its thread's)")
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry);
        this.newWait = waitTimer(registry, "new");
        this.underWayWait = waitTimer(registry, "under-way");
        for (Phase phase : Phase.values()) {
            Gauge.builder(
                            "distillery.distillations",
                            phases,
                            all -> all.values().stream().filter(p -> p == phase).count())
                    .description("Distillations by phase")
                    .tag("phase", label(phase))
                    .register(registry);
        }
    }

    /** Runs one reconciliation, timing it (wall and CPU) and counting it once it has ended. */
    public <T> T reconciliation(Supplier<T> body) {
        long cpuStart = cpuNanos();
        try {
            return duration.record(body);
        } finally {
            long cpuEnd = cpuNanos();
            if (cpuStart >= 0 && cpuEnd >= 0) {
                cpu.record(cpuEnd - cpuStart, TimeUnit.NANOSECONDS);
            }
            reconciliations.increment();
        }
    }

    /** Exports {@code depth} as the number of Distillations waiting for a reconciliation thread. */
    public void queue(Supplier<Number> depth) {
        Gauge.builder("distillery.reconciliation.queue", depth)
                .description("Reconciliations submitted and not started yet")
                .register(registry);
    }

    /**
     * A reconciliation waited {@code nanos} for a reconcile thread; {@code unacted}: of a
     * Distillation whose generation the operator had not acted on yet (a new one).
     */
    public void queueWait(boolean unacted, long nanos) {
        (unacted ? newWait : underWayWait).record(nanos, TimeUnit.NANOSECONDS);
    }

    private static Timer waitTimer(MeterRegistry registry, String distillation) {
        return Timer.builder("distillery.reconciliation.wait")
                .description(
                        "How long a reconciliation waited for a reconcile thread, for new"
                                + " Distillations (or changed specs) and those under way")
                .tag("distillation", distillation)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** Exports whether this replica leads (1) or stands by for the Lease (0). */
    public void leader(BooleanSupplier leading) {
        Gauge.builder("distillery.leader", () -> leading.getAsBoolean() ? 1 : 0)
                .description("Whether this replica reconciles (1) or stands by for the Lease (0)")
                .register(registry);
    }

    /** This thread's CPU time in ns, or -1 where the JVM cannot tell. */
    private static long cpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
    }

    /** A reconciliation failed with an exception. */
    public void error() {
        errors.increment();
    }

    /** A Job was created for a step of {@code stage}. */
    public void jobCreated(String stage) {
        // Not "jobs.created": Prometheus reserves the _created suffix and would strip it.
        Counter.builder("distillery.step.jobs")
                .description("Jobs created, by stage")
                .tag("stage", stage)
                .register(registry)
                .increment();
    }

    /** The Distillation with uid {@code uid} is now in {@code phase}. */
    public void phase(String uid, Phase phase) {
        if (phase != null) {
            phases.put(uid, phase);
        }
    }

    /** The Distillation with uid {@code uid} is gone. */
    public void forget(String uid) {
        phases.remove(uid);
    }

    private static String label(Phase phase) {
        String name = phase.name();
        return name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
