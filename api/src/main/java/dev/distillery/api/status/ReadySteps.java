package dev.distillery.api.status;

import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.spec.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which planned steps may start now: those still pending whose inputs all succeeded, with at most
 * {@code spec.parallelism} student and baseline steps running at once. Nothing new starts while the
 * run is suspended or after a step failed for good (running steps are left to finish).
 */
public final class ReadySteps {

    private ReadySteps() {}

    /** The steps of {@code plan} to start now, in plan order, given what {@code status} says. */
    public static List<PlannedStep> of(
            Plan plan, DistillationStatus status, int parallelism, boolean suspend) {
        Map<String, StepPhase> phases = new HashMap<>();
        if (status.getSteps() != null) {
            status.getSteps().forEach(step -> phases.put(step.getName(), step.getPhase()));
        }
        if (suspend || phases.containsValue(StepPhase.FAILED)) {
            return List.of();
        }
        int trainingStudents =
                (int)
                        plan.steps().stream()
                                .filter(ReadySteps::isStudentStage)
                                .filter(step -> phases.get(step.name()) == StepPhase.RUNNING)
                                .count();
        List<PlannedStep> ready = new ArrayList<>();
        for (PlannedStep step : plan.steps()) {
            StepPhase phase = phases.getOrDefault(step.name(), StepPhase.PENDING);
            boolean inputsDone =
                    step.dependsOn().stream()
                            .allMatch(input -> phases.get(input) == StepPhase.SUCCEEDED);
            if (phase != StepPhase.PENDING || !inputsDone) {
                continue;
            }
            if (isStudentStage(step)) {
                if (trainingStudents >= parallelism) {
                    continue;
                }
                trainingStudents++;
            }
            ready.add(step);
        }
        return ready;
    }

    private static boolean isStudentStage(PlannedStep step) {
        return step.stage() == Stage.STUDENT || step.stage() == Stage.BASELINE;
    }
}
