package dev.distillery.operator.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * When a Distillation should be reconciled again without waiting for an event: only where an event
 * may not come. Pure.
 */
public final class Recheck {

    /** After the operator's own writes that caches or JOSDK may not show at once. */
    public static final Duration AFTER_WRITE = Duration.ofSeconds(2);

    /** While a completed Job's report is on its way, and the shortest wait of all. */
    public static final Duration SOON = Duration.ofSeconds(1);

    /**
     * After a reconcile held back steps ready to start ({@link FirstJobsFirst}): at once, since the
     * reconcile queues behind the new Distillations anyway.
     */
    public static final Duration HELD_BACK = Duration.ZERO;

    private Recheck() {}

    /**
     * When to look again, if at all: {@link #AFTER_WRITE} after a suspend flip (Job caches may lag
     * the patch) or a status patch of a Distillation holding the finalizer (JOSDK treats the echo
     * of its own patch as known, which can hide a deletion that raced it); {@link #SOON} while a
     * completed Job's pod report has not reached the cache; and the moment the first pod that
     * cannot start runs out of {@code startTimeout} (it may send no further event). Otherwise
     * never.
     */
    public static Optional<Duration> after(
            boolean flipped,
            boolean patchedWithFinalizer,
            Collection<StepObservation> observed,
            Instant now,
            Duration startTimeout) {
        if (flipped || patchedWithFinalizer) {
            return Optional.of(AFTER_WRITE);
        }
        if (observed.stream().anyMatch(StepObservation::awaitingReport)) {
            return Optional.of(SOON);
        }
        return observed.stream()
                .filter(o -> !o.finished() && o.notStarting() != null)
                .filter(o -> o.notStarting().since() != null)
                .map(o -> Instant.parse(o.notStarting().since()).plus(startTimeout))
                .min(Comparator.naturalOrder())
                .map(deadline -> Duration.between(now, deadline))
                .map(wait -> wait.compareTo(SOON) >= 0 ? wait : SOON);
    }
}
