package dev.distillery.operator.model;

import dev.distillery.api.plan.PlannedStep;
import java.util.List;

/**
 * How many of the steps ready to start a reconcile starts now. While other new Distillations wait
 * for their first reconcile (a burst), a new Distillation's first reconcile starts only the first
 * of its ready steps (in plan order, so a teacher before the scratch twins), and the rest start on
 * its next reconcile, which queues behind the new Distillations and then starts them all: each
 * Distillation of a burst gets its first Job before any gets its second, and the API server's
 * writes go first to the Distillations that have none. A reconcile that held steps back records no
 * status: the next one does, so a first Job costs one write and the status is patched once, as
 * without a burst. The Kubernetes Job controller's slow start limits its pod creates per sync in
 * the same spirit. Pure.
 */
public final class FirstJobsFirst {

    private FirstJobsFirst() {}

    /**
     * The steps to start now, out of {@code ready}, and whether any were held back.
     *
     * @param ready the steps the scheduler would start, in plan order
     * @param newcomer whether this is the first reconcile of the Distillation's generation
     * @param othersWaiting whether other new Distillations wait for their first reconcile
     */
    public static Starts of(List<PlannedStep> ready, boolean newcomer, boolean othersWaiting) {
        if (!newcomer || !othersWaiting || ready.size() <= 1) {
            return new Starts(ready, false);
        }
        return new Starts(ready.subList(0, 1), true);
    }

    /**
     * The steps a reconcile starts.
     *
     * @param now the steps to start now
     * @param heldBack whether steps ready to start were left for a later reconcile
     */
    public record Starts(List<PlannedStep> now, boolean heldBack) {
        public Starts {
            now = List.copyOf(now);
        }
    }
}
