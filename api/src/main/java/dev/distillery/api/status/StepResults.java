package dev.distillery.api.status;

import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.spec.Stage;
import dev.distillery.contract.StepSummary;
import dev.distillery.contract.sweep.GapClosure;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records what happened to one step in a status laid out by {@link StatusLayout}: started,
 * succeeded with its {@link StepSummary}, or failed. Call {@link StatusRollup#apply} afterwards.
 */
public final class StepResults {

    private StepResults() {}

    /** The step named {@code step} started, as Job {@code jobName} (or {@code null} locally). */
    public static void started(
            DistillationStatus status, String step, String jobName, Instant now) {
        StepStatus entry = entry(status, step);
        entry.setPhase(StepPhase.RUNNING).setJobName(jobName);
        clearWaiting(entry);
        if (entry.getStartTime() == null) {
            entry.setStartTime(time(now));
        }
        variant(status, entry).ifPresent(v -> v.setPhase(StepPhase.RUNNING));
    }

    /**
     * The step named {@code step} of {@code plan} succeeded, or its artifact was found complete in
     * storage ({@code reused}): its results go where readers look for them.
     */
    public static void succeeded(
            DistillationStatus status,
            Plan plan,
            String step,
            StepSummary summary,
            boolean reused,
            Instant now) {
        StepStatus entry = entry(status, step);
        PlannedStep planned = plan.step(step).orElseThrow(() -> unknown(step));
        String artifact = summary.artifact() != null ? summary.artifact() : planned.output();
        entry.setPhase(StepPhase.SUCCEEDED)
                .setArtifact(artifact)
                .setReused(reused)
                .setWaiting(null)
                .setMessage(null);
        if (entry.getStartTime() == null) {
            entry.setStartTime(time(now));
        }
        entry.setCompletionTime(time(now));
        switch (planned.stage()) {
            case TEACHER -> teacher(status, plan, planned, summary, artifact);
            case SOFT_LABELS -> softLabels(status, summary, artifact);
            case STUDENT ->
                    variant(status, entry)
                            .ifPresent(
                                    v ->
                                            v.setPhase(StepPhase.SUCCEEDED)
                                                    .setAccuracy(accuracy(summary))
                                                    .setValidationAccuracy(
                                                            validationAccuracy(summary))
                                                    .setParameters(summary.parameters())
                                                    .setArtifact(artifact));
            case BASELINE -> baseline(status, plan, step, summary, artifact);
            case REPORT -> status.setReport(artifact);
        }
    }

    /** The step named {@code step} failed for good, for the reason {@code message}. */
    public static void failed(DistillationStatus status, String step, String message, Instant now) {
        StepStatus entry = entry(status, step);
        entry.setPhase(StepPhase.FAILED)
                .setWaiting(null)
                .setMessage(message)
                .setCompletionTime(time(now));
        variant(status, entry).ifPresent(v -> v.setPhase(StepPhase.FAILED));
    }

    /**
     * The pod of the unfinished step named {@code step} cannot start, for the container waiting
     * {@code reason} (ImagePullBackOff, CreateContainerConfigError, ...) explained by {@code
     * message}; {@link #started} or a result clears it.
     */
    public static void waiting(
            DistillationStatus status, String step, String reason, String message) {
        entry(status, step).setWaiting(reason).setMessage(message);
    }

    private static void clearWaiting(StepStatus entry) {
        if (entry.getWaiting() != null) {
            entry.setWaiting(null).setMessage(null);
        }
    }

    private static void teacher(
            DistillationStatus status,
            Plan plan,
            PlannedStep step,
            StepSummary summary,
            String artifact) {
        List<PlannedStep> teachers = plan.steps(Stage.TEACHER);
        TeacherStatus teacher = status.getTeacher();
        TeacherMemberStatus member = teacher.getMembers().get(teachers.indexOf(step));
        member.setAccuracy(accuracy(summary))
                .setParameters(summary.parameters())
                .setArtifact(artifact);
        teacher.setAccuracy(
                GapClosure.teacherAccuracy(
                        teacher.getMembers().stream()
                                .map(TeacherMemberStatus::getAccuracy)
                                .toList(),
                        null));
        teacher.setParameters(
                teacher.getMembers().stream()
                        .map(TeacherMemberStatus::getParameters)
                        .filter(Objects::nonNull)
                        .max(Long::compare)
                        .orElse(null));
        if (teachers.size() == 1) {
            teacher.setArtifact(artifact);
        }
    }

    /**
     * Soft labels are in; the step scored the combined teachers, so from now on the teacher's
     * accuracy is the ensemble's own, not its members' mean (a shard other than the first does not
     * score the test split, and leaves the accuracy as it is).
     */
    private static void softLabels(
            DistillationStatus status, StepSummary summary, String artifact) {
        status.getSoftLabels().setArtifact(artifact).setSamples(summary.samples());
        Double ensembleTest =
                summary.metrics() != null ? summary.metrics().get("testAccuracy") : null;
        if (ensembleTest != null) {
            TeacherStatus teacher = status.getTeacher();
            teacher.setAccuracy(
                    GapClosure.teacherAccuracy(
                            teacher.getMembers().stream()
                                    .map(TeacherMemberStatus::getAccuracy)
                                    .toList(),
                            ensembleTest));
        }
    }

    private static void baseline(
            DistillationStatus status,
            Plan plan,
            String step,
            StepSummary summary,
            String artifact) {
        for (Map.Entry<String, String> twin : plan.baselines().entrySet()) {
            if (!twin.getValue().equals(step)) {
                continue;
            }
            status.getStudents().stream()
                    .filter(s -> s.getName().equals(twin.getKey()))
                    .forEach(
                            s ->
                                    s.setScratchAccuracy(accuracy(summary))
                                            .setBaselineArtifact(artifact));
        }
    }

    /**
     * The accuracy a step reports for comparison: on the test split when it has one (the same
     * samples for every model), else the held-out split the step evaluated.
     */
    public static Double accuracy(StepSummary summary) {
        if (summary.metrics() != null && summary.metrics().get("testAccuracy") != null) {
            return summary.metrics().get("testAccuracy");
        }
        return summary.accuracy();
    }

    /**
     * The accuracy a step reports on its validation split (carved from the training data), the only
     * one a sweep may choose on: {@code metrics.validationAccuracy} when the step names it, else
     * the summary's accuracy, which a train step measures on the validation split whenever it has
     * one.
     */
    public static Double validationAccuracy(StepSummary summary) {
        if (summary.metrics() != null && summary.metrics().get("validationAccuracy") != null) {
            return summary.metrics().get("validationAccuracy");
        }
        return summary.accuracy();
    }

    private static java.util.Optional<StudentStatus> variant(
            DistillationStatus status, StepStatus entry) {
        if (!Stage.STUDENT.label().equals(entry.getStage()) || entry.getStudent() == null) {
            return java.util.Optional.empty();
        }
        return status.getStudents().stream()
                .filter(s -> entry.getStudent().equals(s.getName()))
                .findFirst();
    }

    private static StepStatus entry(DistillationStatus status, String step) {
        return status.getSteps().stream()
                .filter(s -> s.getName().equals(step))
                .findFirst()
                .orElseThrow(() -> unknown(step));
    }

    private static IllegalArgumentException unknown(String step) {
        return new IllegalArgumentException("no step named " + step + " in this status");
    }

    static String time(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
