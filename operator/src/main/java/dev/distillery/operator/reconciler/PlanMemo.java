package dev.distillery.operator.reconciler;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.Planner;
import dev.distillery.api.validation.FieldError;
import dev.distillery.api.validation.InvalidDistillationException;
import dev.distillery.contract.DistilleryException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plan of each Distillation, made once per generation of its spec: planning validates and
 * hashes the whole spec, and a Distillation is reconciled many times per generation.
 */
final class PlanMemo {

    /**
     * A spec's plan, or why it cannot run.
     *
     * @param plan the plan, {@code null} when the spec is invalid
     * @param errors the spec's problems, empty when it plans
     */
    record Planned(Plan plan, List<FieldError> errors) {}

    private record Entry(long generation, Planned planned) {}

    private final Map<String, Entry> byUid = new ConcurrentHashMap<>();

    /** The plan of {@code distillation}'s current generation. */
    Planned of(Distillation distillation) {
        String uid = distillation.getMetadata().getUid();
        Long generation = distillation.getMetadata().getGeneration();
        if (uid == null || generation == null) {
            return plan(distillation);
        }
        Entry entry = byUid.get(uid);
        if (entry == null || entry.generation() != generation) {
            entry = new Entry(generation, plan(distillation));
            byUid.put(uid, entry);
        }
        return entry.planned();
    }

    /** Forgets the Distillation with uid {@code uid}: it is gone. */
    void forget(String uid) {
        if (uid != null) {
            byUid.remove(uid);
        }
    }

    /** How many plans are held. */
    int size() {
        return byUid.size();
    }

    private static Planned plan(Distillation distillation) {
        try {
            return new Planned(Planner.plan(distillation, PlanSettings.CLUSTER), List.of());
        } catch (InvalidDistillationException e) {
            return new Planned(null, e.errors());
        } catch (DistilleryException e) {
            return new Planned(null, List.of(new FieldError("spec", e.getMessage())));
        }
    }
}
