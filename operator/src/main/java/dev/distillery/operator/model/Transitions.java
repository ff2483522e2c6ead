package dev.distillery.operator.model;

import dev.distillery.api.status.Conditions;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.Reasons;
import dev.distillery.api.status.StepPhase;
import dev.distillery.api.status.StepStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The changes between two statuses that {@code kubectl describe} should tell: every step that
 * failed, every condition that turned True (a stage done, the run Succeeded or Failed, Suspended),
 * and every other move of a condition except to Pending or Running. A step that starts or succeeds
 * shows in the status only: Events are API writes, and per-step Events were half of the operator's
 * requests. Pure.
 */
public final class Transitions {

    /** Reasons of a stage making progress: never an Event of their own. */
    private static final Set<String> PROGRESS = Set.of(Reasons.PENDING, Reasons.RUNNING);

    private Transitions() {}

    /** What changed from {@code before} (possibly {@code null}) to {@code after}, in order. */
    public static List<Transition> between(DistillationStatus before, DistillationStatus after) {
        List<Transition> transitions = new ArrayList<>();
        if (after.getSteps() != null) {
            for (StepStatus step : after.getSteps()) {
                StepPhase was =
                        previous(before, step.getName()).map(StepStatus::getPhase).orElse(null);
                if (step.getPhase() != was) {
                    step(step).ifPresent(transitions::add);
                }
            }
        }
        for (String type : Conditions.TYPES) {
            Optional<Condition> now = Conditions.get(after, type);
            Optional<Condition> then = Conditions.get(before, type);
            if (now.isEmpty()) {
                continue;
            }
            boolean moved =
                    then.isEmpty()
                            || !Objects.equals(then.get().getStatus(), now.get().getStatus())
                            || !Objects.equals(then.get().getReason(), now.get().getReason());
            if (moved && told(now.get(), then.isPresent())) {
                transitions.add(condition(now.get()));
            }
        }
        return transitions;
    }

    /** A step that failed is told; one that runs or succeeds shows in the status alone. */
    private static Optional<Transition> step(StepStatus step) {
        if (step.getPhase() != StepPhase.FAILED) {
            return Optional.empty();
        }
        String job = step.getJobName() != null ? " (Job " + step.getJobName() + ")" : "";
        return Optional.of(
                new Transition(
                        true,
                        "StepFailed",
                        "step " + step.getName() + " failed" + job + ": " + step.getMessage()));
    }

    /**
     * Whether a condition that moved is told: when it turns True, or otherwise for a reason other
     * than progress (a stage pending or running shows in the status alone).
     */
    private static boolean told(Condition now, boolean seenBefore) {
        if (Conditions.TRUE.equals(now.getStatus())) {
            return true;
        }
        return seenBefore && !PROGRESS.contains(now.getReason());
    }

    private static Transition condition(Condition condition) {
        boolean warning =
                Conditions.TRUE.equals(condition.getStatus())
                        && Conditions.FAILED.equals(condition.getType());
        return new Transition(
                warning,
                Conditions.TRUE.equals(condition.getStatus())
                        ? condition.getType()
                        : condition.getReason(),
                condition.getType()
                        + "="
                        + condition.getStatus()
                        + " ("
                        + condition.getReason()
                        + "): "
                        + condition.getMessage());
    }

    private static Optional<StepStatus> previous(DistillationStatus status, String name) {
        if (status == null || status.getSteps() == null) {
            return Optional.empty();
        }
        return status.getSteps().stream().filter(s -> name.equals(s.getName())).findFirst();
    }
}
