package dev.distillery.api.status;

import dev.distillery.api.spec.Stage;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** How far the steps of one or more stages have come: counts by phase and the failed steps. */
record StageState(
        int total,
        int succeeded,
        int running,
        int reused,
        List<StepStatus> failures,
        List<StepStatus> waiting) {

    static StageState of(List<StepStatus> steps, Stage... stages) {
        Set<String> labels = Arrays.stream(stages).map(Stage::label).collect(Collectors.toSet());
        List<StepStatus> mine = steps.stream().filter(s -> labels.contains(s.getStage())).toList();
        return new StageState(
                mine.size(),
                count(mine, StepPhase.SUCCEEDED),
                count(mine, StepPhase.RUNNING),
                (int) mine.stream().filter(s -> Boolean.TRUE.equals(s.getReused())).count(),
                mine.stream().filter(s -> s.getPhase() == StepPhase.FAILED).toList(),
                mine.stream()
                        .filter(s -> s.getWaiting() != null)
                        .filter(s -> s.getPhase() != StepPhase.FAILED)
                        .filter(s -> s.getPhase() != StepPhase.SUCCEEDED)
                        .toList());
    }

    int failed() {
        return failures.size();
    }

    String failureMessage() {
        return failures.stream()
                .map(s -> "step " + s.getName() + " failed: " + s.getMessage())
                .collect(Collectors.joining("; "));
    }

    String waitingMessage() {
        return waiting.stream()
                .map(s -> "step " + s.getName() + ": " + s.getMessage())
                .collect(Collectors.joining("; "));
    }

    String progressMessage() {
        return succeeded
                + " of "
                + total
                + " steps succeeded"
                + (reused > 0 ? " (" + reused + " reused from storage)" : "")
                + (running > 0 ? ", " + running + " running" : "");
    }

    private static int count(List<StepStatus> steps, StepPhase phase) {
        return (int) steps.stream().filter(s -> s.getPhase() == phase).count();
    }
}
