package dev.distillery.operator.model;

import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.spec.Stage;
import dev.distillery.api.status.Conditions;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.StepPhase;
import dev.distillery.api.status.StepStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides which steps get a Job now: those whose inputs are all done and which have no Job yet,
 * with at most {@code parallelism} student and baseline Jobs unfinished at once. A finished, failed
 * or suspended run starts nothing. Pure.
 */
public final class StepScheduler {

    private StepScheduler() {}

    /**
     * The steps to create Jobs for, in plan order.
     *
     * @param plan the plan
     * @param status the status derived this reconcile
     * @param jobs the names of the steps that have a Job
     * @param parallelism the most student and baseline Jobs unfinished at once
     * @param suspend whether the run is suspended
     */
    public static List<PlannedStep> next(
            Plan plan,
            DistillationStatus status,
            Set<String> jobs,
            int parallelism,
            boolean suspend) {
        if (suspend
                || Conditions.isTrue(status, Conditions.SUCCEEDED)
                || Conditions.isTrue(status, Conditions.FAILED)) {
            return List.of();
        }
        Map<String, StepStatus> steps =
                status.getSteps().stream()
                        .collect(Collectors.toMap(StepStatus::getName, Function.identity()));
        long training =
                plan.steps().stream()
                        .filter(StepScheduler::isTraining)
                        .filter(step -> jobs.contains(step.name()))
                        .filter(step -> !finished(steps.get(step.name())))
                        .count();
        List<PlannedStep> next = new ArrayList<>();
        for (PlannedStep step : plan.steps()) {
            StepStatus entry = steps.get(step.name());
            if (jobs.contains(step.name()) || entry.getPhase() != StepPhase.PENDING) {
                continue;
            }
            boolean ready =
                    step.dependsOn().stream()
                            .allMatch(dep -> steps.get(dep).getPhase() == StepPhase.SUCCEEDED);
            if (!ready) {
                continue;
            }
            if (isTraining(step)) {
                if (training >= parallelism) {
                    continue;
                }
                training++;
            }
            next.add(step);
        }
        return next;
    }

    private static boolean isTraining(PlannedStep step) {
        return step.stage() == Stage.STUDENT || step.stage() == Stage.BASELINE;
    }

    private static boolean finished(StepStatus entry) {
        return entry.getPhase() == StepPhase.SUCCEEDED || entry.getPhase() == StepPhase.FAILED;
    }
}
