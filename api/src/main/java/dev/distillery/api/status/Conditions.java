package dev.distillery.api.status;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that writes a Distillation's conditions, following the Kubernetes API conventions:
 * one condition per type, {@code lastTransitionTime} moved only when the status changes, reason a
 * stable CamelCase word, message for people, {@code observedGeneration} always.
 */
public final class Conditions {

    /** Every teacher member is trained (or the teacher is pretrained). */
    public static final String TEACHER_READY = "TeacherReady";

    /** The soft labels are stored. */
    public static final String SOFT_LABELS_READY = "SoftLabelsReady";

    /** Every student variant and baseline is trained. */
    public static final String STUDENTS_READY = "StudentsReady";

    /** The whole run, report included, finished: {@code kubectl wait --for=condition=Succeeded}. */
    public static final String SUCCEEDED = "Succeeded";

    /** A step failed for good, or the spec cannot run. */
    public static final String FAILED = "Failed";

    /** {@code spec.suspend} holds the run. */
    public static final String SUSPENDED = "Suspended";

    /** Every type, in the order they are listed in the status. */
    public static final List<String> TYPES =
            List.of(TEACHER_READY, SOFT_LABELS_READY, STUDENTS_READY, SUCCEEDED, FAILED, SUSPENDED);

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private Conditions() {}

    /**
     * Sets condition {@code type} of {@code status}: its transition time moves only if its status
     * changes. Returns whether anything but {@code observedGeneration} changed, so a caller knows
     * when to emit an Event.
     */
    public static boolean set(
            DistillationStatus status,
            String type,
            String value,
            String reason,
            String message,
            long generation,
            Instant now) {
        List<Condition> conditions =
                status.getConditions() != null
                        ? new ArrayList<>(status.getConditions())
                        : new ArrayList<>();
        Condition existing =
                conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
        boolean transition = existing == null || !value.equals(existing.getStatus());
        boolean changed =
                transition
                        || !Objects.equals(reason, existing.getReason())
                        || !Objects.equals(message, existing.getMessage());
        Condition condition = existing != null ? existing : new Condition();
        condition.setType(type);
        condition.setStatus(value);
        condition.setReason(reason);
        condition.setMessage(message);
        condition.setObservedGeneration(generation);
        if (transition) {
            condition.setLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        if (existing == null) {
            conditions.add(condition);
            conditions.sort((a, b) -> Integer.compare(order(a.getType()), order(b.getType())));
        }
        status.setConditions(conditions);
        return changed;
    }

    /** The condition {@code type} of {@code status}, if set. */
    public static Optional<Condition> get(DistillationStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Whether condition {@code type} of {@code status} is True. */
    public static boolean isTrue(DistillationStatus status, String type) {
        return get(status, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
    }

    /**
     * The phase shown for {@code status}, derived from its conditions only: Failed, Succeeded,
     * Suspended, then Running once any stage has started, else Pending.
     */
    public static Phase phase(DistillationStatus status) {
        if (isTrue(status, FAILED)) {
            return Phase.FAILED;
        }
        if (isTrue(status, SUCCEEDED)) {
            return Phase.SUCCEEDED;
        }
        if (isTrue(status, SUSPENDED)) {
            return Phase.SUSPENDED;
        }
        for (String stage : List.of(TEACHER_READY, SOFT_LABELS_READY, STUDENTS_READY)) {
            Optional<Condition> condition = get(status, stage);
            if (condition.isPresent()
                    && (TRUE.equals(condition.get().getStatus())
                            || Reasons.RUNNING.equals(condition.get().getReason()))) {
                return Phase.RUNNING;
            }
        }
        return Phase.PENDING;
    }

    private static int order(String type) {
        int index = TYPES.indexOf(type);
        return index >= 0 ? index : TYPES.size();
    }
}
