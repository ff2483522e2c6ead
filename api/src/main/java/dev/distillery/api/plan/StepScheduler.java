package dev.distillery.api.plan;

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
 * The one rule both runners follow for which steps may start now: those still pending whose inputs
 * all succeeded and which were not started yet, with at most {@code parallelism} student and
 * baseline steps unfinished at once and at most {@code slots} starts. A finished, failed or
 * suspended run starts nothing. The operator creates a Job for each; {@code distillery run} reuses
 * or runs each. Pure.
 */
public final class StepScheduler {

    private StepScheduler() {}

    /**
     * The steps to start, in plan order, with no limit on how many start at once.
     *
     * @param plan the plan
     * @param status the status as it stands (laid out by {@code StatusLayout})
     * @param started the names of the steps already started (on a cluster: those with a Job)
     * @param parallelism the most student and baseline steps unfinished at once
     * @param suspend whether the run is suspended
     */
    public static List<PlannedStep> next(
            Plan plan,
            DistillationStatus status,
            Set<String> started,
            int parallelism,
            boolean suspend) {
        return next(plan, status, started, parallelism, Integer.MAX_VALUE, suspend);
    }

    /**
     * The steps to start, in plan order, at most {@code slots} of them (a machine that runs a few
     * steps at a time).
     */
    public static List<PlannedStep> next(
            Plan plan,
            DistillationStatus status,
            Set<String> started,
            int parallelism,
            int slots,
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
                        .filter(step -> started.contains(step.name()))
                        .filter(step -> !finished(steps.get(step.name())))
                        .count();
        List<PlannedStep> next = new ArrayList<>();
        for (PlannedStep step : plan.steps()) {
            StepStatus entry = steps.get(step.name());
            if (started.contains(step.name()) || entry.getPhase() != StepPhase.PENDING) {
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
            if (next.size() >= slots) {
                break;
            }
            next.add(step);
        }
        return next;
    }

    private static boolean isTraining(PlannedStep step) {
        return step.stage() == Stage.STUDENT || step.stage() == Stage.BASELINE;
    }

    private static boolean finished(StepStatus entry) {
        return StepPhase.finished(entry.getPhase());
    }
}
