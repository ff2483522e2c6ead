package dev.distillery.api.status;

import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.spec.Stage;
import dev.distillery.contract.GroupMetrics;
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

    /**
     * Where and when a step ran, as far as its runner knows.
     *
     * @param jobName its Job, or {@code null} (locally)
     * @param started when it started, or {@code null}: what the status says, else when it finished
     * @param finished when it finished, or {@code null}: what the status says if it already ended
     *     the same way, else now
     */
    public record Run(String jobName, Instant started, Instant finished) {
        /** A run known only by the time it is recorded at (the local runner's). */
        public static final Run NOW = new Run(null, null, null);
    }

    /** The step named {@code step} waits for its turn, its Job ({@code jobName}) not running. */
    public static void pending(DistillationStatus status, String step, String jobName) {
        StepStatus entry = entry(status, step);
        entry.setPhase(StepPhase.PENDING);
        if (jobName != null) {
            entry.setJobName(jobName);
        }
        clearWaiting(entry);
        variants(status, entry).forEach(v -> v.setPhase(StepPhase.PENDING));
    }

    /**
     * The step named {@code step} started at {@code startedAt}, as Job {@code jobName} (or {@code
     * null} locally).
     */
    public static void started(
            DistillationStatus status, String step, String jobName, Instant startedAt) {
        StepStatus entry = entry(status, step);
        entry.setPhase(StepPhase.RUNNING).setJobName(jobName);
        clearWaiting(entry);
        entry.setStartTime(time(startedAt));
        variants(status, entry).forEach(v -> v.setPhase(StepPhase.RUNNING));
    }

    /**
     * The step named {@code step} of {@code plan} succeeded, or its artifact was found complete in
     * storage (its summary says {@link StepSummary#reused()}, whichever runner ran it): its results
     * go where readers look for them.
     */
    public static void succeeded(
            DistillationStatus status, Plan plan, String step, StepSummary summary, Instant now) {
        succeeded(status, plan, step, summary, Run.NOW, now);
    }

    /** {@link #succeeded(DistillationStatus, Plan, String, StepSummary, Instant)} as run. */
    public static void succeeded(
            DistillationStatus status,
            Plan plan,
            String step,
            StepSummary summary,
            Run run,
            Instant now) {
        StepStatus entry = entry(status, step);
        PlannedStep planned = plan.step(step).orElseThrow(() -> unknown(step));
        String artifact = summary.artifact() != null ? summary.artifact() : planned.output();
        ended(entry, StepPhase.SUCCEEDED, run, now);
        entry.setArtifact(artifact).setReused(summary.reused()).setWaiting(null).setMessage(null);
        switch (planned.stage()) {
            case TEACHER -> teacher(status, plan, planned, summary, artifact);
            case SOFT_LABELS -> softLabels(status, summary, artifact);
            case STUDENT -> {
                if (planned.isPack()) {
                    pack(status, planned, summary, artifact);
                    break;
                }
                variants(status, entry)
                        .forEach(
                                v ->
                                        v.setPhase(StepPhase.SUCCEEDED)
                                                .setAccuracy(accuracy(summary))
                                                .setValidationAccuracy(validationAccuracy(summary))
                                                .setParameters(summary.parameters())
                                                .setArtifact(artifact));
            }
            case BASELINE -> baseline(status, plan, step, summary, artifact);
            case REPORT -> status.setReport(artifact);
            case ONLINE -> online(status, summary, artifact);
        }
    }

    /** The step named {@code step} failed for good, for the reason {@code message}. */
    public static void failed(DistillationStatus status, String step, String message, Instant now) {
        failed(status, step, message, Run.NOW, now);
    }

    /** {@link #failed(DistillationStatus, String, String, Instant)} as run. */
    public static void failed(
            DistillationStatus status, String step, String message, Run run, Instant now) {
        StepStatus entry = entry(status, step);
        ended(entry, StepPhase.FAILED, run, now);
        entry.setWaiting(null).setMessage(message);
        variants(status, entry).forEach(v -> v.setPhase(StepPhase.FAILED));
    }

    /**
     * Marks the end of a step: its Job, its start, and its completion time, which stays what it was
     * when the step is seen ending the same way again without a time of its own.
     */
    private static void ended(StepStatus entry, StepPhase phase, Run run, Instant now) {
        String completion;
        if (run.finished() != null) {
            completion = time(run.finished());
        } else if (entry.getPhase() == phase && entry.getCompletionTime() != null) {
            completion = entry.getCompletionTime();
        } else {
            completion = time(now);
        }
        if (run.jobName() != null) {
            entry.setJobName(run.jobName());
        }
        if (run.started() != null) {
            entry.setStartTime(time(run.started()));
        } else if (entry.getStartTime() == null) {
            entry.setStartTime(completion);
        }
        entry.setPhase(phase).setCompletionTime(completion);
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
        // A pretrained member is scored, not trained: its artifact is the model it scored.
        String model = step.scoresPretrained() ? step.arg("--model").orElse(artifact) : artifact;
        member.setAccuracy(accuracy(summary))
                .setParameters(summary.parameters())
                .setArtifact(model);
        if (status.getSoftLabels() == null || status.getSoftLabels().getArtifact() == null) {
            // Until soft labels score the combined teachers (pretrained members are scored
            // beside them, so they may finish later), the members stand for the teacher.
            teacher.setAccuracy(
                    GapClosure.teacherAccuracy(
                            teacher.getMembers().stream()
                                    .map(TeacherMemberStatus::getAccuracy)
                                    .toList(),
                            null));
        }
        teacher.setParameters(
                teacher.getMembers().stream()
                        .map(TeacherMemberStatus::getParameters)
                        .filter(Objects::nonNull)
                        .max(Long::compare)
                        .orElse(null));
        if (teachers.size() == 1) {
            teacher.setArtifact(model);
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
        boolean pack = plan.step(step).map(PlannedStep::isPack).orElse(false);
        for (Map.Entry<String, String> twin : plan.baselines().entrySet()) {
            if (!twin.getValue().equals(step)) {
                continue;
            }
            status.getStudents().stream()
                    .filter(s -> s.getName().equals(twin.getKey()))
                    .forEach(
                            s -> {
                                // A pack of twins trains one per student, published below it.
                                String network = GroupMetrics.student(s.getStudent());
                                s.setScratchAccuracy(
                                                pack
                                                        ? networkAccuracy(summary, network)
                                                        : accuracy(summary))
                                        .setBaselineArtifact(
                                                pack ? artifact + "/" + network : artifact);
                            });
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

    /**
     * An online group trained its teacher and students together: each network's scores, read from
     * the group's summary by {@link GroupMetrics}, go where a teacher's and a student's would.
     */
    private static void online(DistillationStatus status, StepSummary summary, String artifact) {
        String teacherNetwork = GroupMetrics.TEACHER;
        TeacherStatus teacher = status.getTeacher();
        Double teacherAccuracy = networkAccuracy(summary, teacherNetwork);
        Long teacherParameters = parameters(summary, teacherNetwork);
        String teacherArtifact = artifact + "/" + teacherNetwork;
        teacher.getMembers()
                .forEach(
                        m ->
                                m.setAccuracy(teacherAccuracy)
                                        .setParameters(teacherParameters)
                                        .setArtifact(teacherArtifact));
        teacher.setAccuracy(teacherAccuracy)
                .setParameters(teacherParameters)
                .setArtifact(teacherArtifact);
        for (StudentStatus student : status.getStudents()) {
            String network = GroupMetrics.student(student.getStudent());
            student.setPhase(StepPhase.SUCCEEDED)
                    .setAccuracy(networkAccuracy(summary, network))
                    .setValidationAccuracy(
                            GroupMetrics.value(summary, network, GroupMetrics.VALIDATION_ACCURACY))
                    .setParameters(parameters(summary, network))
                    .setArtifact(artifact + "/" + network);
        }
    }

    /**
     * A pack of students trained together: each variant's scores, read from the pack's summary by
     * {@link GroupMetrics}, go where its own step's would.
     */
    private static void pack(
            DistillationStatus status, PlannedStep pack, StepSummary summary, String artifact) {
        for (StudentStatus student : status.getStudents()) {
            if (!pack.packed().contains(student.getName())) {
                continue;
            }
            String network = GroupMetrics.student(student.getName());
            student.setPhase(StepPhase.SUCCEEDED)
                    .setAccuracy(networkAccuracy(summary, network))
                    .setValidationAccuracy(
                            GroupMetrics.value(summary, network, GroupMetrics.VALIDATION_ACCURACY))
                    .setParameters(parameters(summary, network))
                    .setArtifact(artifact + "/" + network);
        }
    }

    /** A network's test accuracy in a group's summary, else its validation accuracy. */
    private static Double networkAccuracy(StepSummary summary, String network) {
        Double test = GroupMetrics.value(summary, network, GroupMetrics.TEST_ACCURACY);
        return test != null
                ? test
                : GroupMetrics.value(summary, network, GroupMetrics.VALIDATION_ACCURACY);
    }

    private static Long parameters(StepSummary summary, String network) {
        Double count = GroupMetrics.value(summary, network, GroupMetrics.PARAMETERS);
        return count == null ? null : count.longValue();
    }

    /**
     * The variants a step trains: a student step's own, a pack's, every student of an online group,
     * none for other steps.
     */
    private static List<StudentStatus> variants(DistillationStatus status, StepStatus entry) {
        if (Stage.ONLINE.label().equals(entry.getStage())) {
            return status.getStudents();
        }
        if (!Stage.STUDENT.label().equals(entry.getStage())) {
            return List.of();
        }
        if (entry.getPacked() != null) {
            return status.getStudents().stream()
                    .filter(s -> entry.getPacked().contains(s.getName()))
                    .toList();
        }
        if (entry.getStudent() == null) {
            return List.of();
        }
        return status.getStudents().stream()
                .filter(s -> entry.getStudent().equals(s.getName()))
                .toList();
    }

    /** The entry of the step named {@code step}; every step of the status's plan has one. */
    public static StepStatus entry(DistillationStatus status, String step) {
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
