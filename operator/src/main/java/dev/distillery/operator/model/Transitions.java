package dev.distillery.operator.model;

import dev.distillery.api.status.Conditions;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.StepPhase;
import dev.distillery.api.status.StepStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The changes between two statuses that {@code kubectl describe} should tell: every step that
 * started, succeeded or failed, and every condition whose status or reason moved. Pure.
 */
public final class Transitions {

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
            if (moved && (then.isPresent() || Conditions.TRUE.equals(now.get().getStatus()))) {
                transitions.add(condition(now.get()));
            }
        }
        return transitions;
    }

    private static Optional<Transition> step(StepStatus step) {
        String job = step.getJobName() != null ? " (Job " + step.getJobName() + ")" : "";
        return switch (step.getPhase()) {
            case RUNNING ->
                    Optional.of(
                            new Transition(
                                    false,
                                    "StepRunning",
                                    "step " + step.getName() + " is running" + job));
            case SUCCEEDED ->
                    Optional.of(
                            new Transition(
                                    false,
                                    "StepSucceeded",
                                    "step " + step.getName() + " succeeded" + job));
            case FAILED ->
                    Optional.of(
                            new Transition(
                                    true,
                                    "StepFailed",
                                    "step "
                                            + step.getName()
                                            + " failed"
                                            + job
                                            + ": "
                                            + step.getMessage()));
            case PENDING -> Optional.empty();
        };
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
