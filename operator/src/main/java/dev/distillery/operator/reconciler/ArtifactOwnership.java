package dev.distillery.operator.reconciler;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.plan.Planner;
import dev.distillery.api.spec.CleanupPolicy;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.StepPhase;
import dev.distillery.api.status.StepStatus;
import dev.distillery.contract.DistilleryException;
import dev.distillery.store.StorageUri;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which artifacts a deleted Distillation may delete under {@code cleanupPolicy: Delete}: those it
 * wrote itself (a step recorded {@code reused} found them complete and belongs to whoever wrote
 * them), less those another Distillation still references in its status or its plan, since
 * content-addressed artifacts are shared by every Distillation that uses the same store.
 */
public final class ArtifactOwnership {

    /**
     * What to do with a deleted Distillation's artifacts.
     *
     * @param delete the artifacts it wrote that nobody else references
     * @param kept the artifacts it wrote that another Distillation references
     */
    public record Split(List<String> delete, List<String> kept) {}

    private ArtifactOwnership() {}

    /** The artifacts {@code status} says this run wrote (reused ones belong to other runs too). */
    public static List<String> written(DistillationStatus status) {
        if (status == null || status.getSteps() == null) {
            return List.of();
        }
        return status.getSteps().stream()
                .filter(s -> s.getPhase() == StepPhase.SUCCEEDED)
                .filter(s -> !Boolean.TRUE.equals(s.getReused()))
                .map(StepStatus::getArtifact)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
    }

    /**
     * Splits what {@code deleted} wrote into what it may delete and what {@code others} (the
     * Distillations the operator knows, {@code deleted} among them or not) still reference.
     */
    public static Split split(Distillation deleted, Collection<Distillation> others) {
        Set<String> referenced = new HashSet<>();
        for (Distillation other : others) {
            if (protects(other, deleted)) {
                referenced.addAll(referencedBy(other));
            }
        }
        List<String> written = written(deleted.getStatus());
        return new Split(
                written.stream().filter(a -> !referenced.contains(canonical(a))).toList(),
                written.stream().filter(a -> referenced.contains(canonical(a))).toList());
    }

    /**
     * Whether {@code other} keeps its artifacts from {@code deleted}'s cleanup: every Distillation
     * but {@code deleted} itself and those being deleted with {@code cleanupPolicy: Delete} (two
     * such deletions that share an artifact would otherwise each keep it for the other).
     */
    private static boolean protects(Distillation other, Distillation deleted) {
        if (Objects.equals(other.getMetadata().getUid(), deleted.getMetadata().getUid())) {
            return false;
        }
        boolean deleting = other.getMetadata().getDeletionTimestamp() != null;
        return !(deleting
                && other.getSpec() != null
                && other.getSpec().cleanupPolicy() == CleanupPolicy.DELETE);
    }

    /** Every artifact {@code distillation} has in its status or will write or read by its plan. */
    static Set<String> referencedBy(Distillation distillation) {
        Set<String> referenced = new HashSet<>();
        DistillationStatus status = distillation.getStatus();
        if (status != null && status.getSteps() != null) {
            status.getSteps().stream()
                    .map(StepStatus::getArtifact)
                    .filter(Objects::nonNull)
                    .map(ArtifactOwnership::canonical)
                    .forEach(referenced::add);
        }
        if (distillation.getSpec() != null) {
            try {
                Planner.plan(distillation, PlanSettings.CLUSTER).steps().stream()
                        .map(PlannedStep::output)
                        .map(ArtifactOwnership::canonical)
                        .forEach(referenced::add);
            } catch (DistilleryException e) {
                // An invalid spec plans nothing: it references only what its status records.
            }
        }
        return referenced;
    }

    private static String canonical(String uri) {
        try {
            return StorageUri.parse(uri).toString();
        } catch (DistilleryException e) {
            return uri;
        }
    }
}
