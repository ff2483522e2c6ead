package dev.distillery.operator.reconciler;

import dev.distillery.api.status.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The operator's Prometheus metrics: reconciliations, their errors and durations, Jobs created by
 * stage, and Distillations by phase.
 */
public final class OperatorMetrics {

    private final MeterRegistry registry;
    private final Counter reconciliations;
    private final Counter errors;
    private final Timer duration;
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
                        .register(registry);
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

    /** Runs one reconciliation, timing it and counting it once it has ended. */
    public <T> T reconciliation(Supplier<T> body) {
        try {
            return duration.record(body);
        } finally {
            reconciliations.increment();
        }
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
