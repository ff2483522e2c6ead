package dev.distillery.api.status;

import dev.distillery.api.spec.Stage;
import dev.distillery.api.validation.FieldError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Derives everything in a status that follows from its steps: the conditions, the phase shown from
 * them, the best student, compression ratios, progress and run times. Idempotent, so the operator
 * and the local runner call it after every change.
 */
public final class StatusRollup {

    private StatusRollup() {}

    /** Recomputes the derived fields of {@code status} from its steps and students. */
    public static void apply(
            DistillationStatus status, boolean suspend, long generation, Instant now) {
        List<StepStatus> steps = status.getSteps() != null ? status.getSteps() : List.of();
        status.setObservedGeneration(generation);
        students(status);
        // An online group's one step trains the teacher and the students: it counts for both.
        boolean online = StageState.of(steps, Stage.ONLINE).total() > 0;
        StageState teacher = StageState.of(steps, Stage.TEACHER, Stage.ONLINE);
        StageState softLabels = StageState.of(steps, Stage.SOFT_LABELS);
        StageState students = StageState.of(steps, Stage.STUDENT, Stage.BASELINE, Stage.ONLINE);
        StageState all = StageState.of(steps, Stage.values());
        if (teacher.total() == 0) {
            Conditions.set(
                    status,
                    Conditions.TEACHER_READY,
                    Conditions.TRUE,
                    Reasons.PRETRAINED,
                    "the teacher is given as trained artifacts",
                    generation,
                    now);
        } else {
            stage(status, Conditions.TEACHER_READY, teacher, null, generation, now);
        }
        if (softLabels.total() == 0) {
            Conditions.set(
                    status,
                    Conditions.SOFT_LABELS_READY,
                    Conditions.TRUE,
                    Reasons.NOT_NEEDED,
                    online
                            ? "no soft labels are stored: the online group learns from its peers"
                                    + " (mode: online)"
                            : "no soft labels are stored: the students' steps run the teacher on"
                                    + " each batch (softLabels.mode: consistent)",
                    generation,
                    now);
            stage(status, Conditions.STUDENTS_READY, students, teacher, generation, now);
        } else {
            stage(status, Conditions.SOFT_LABELS_READY, softLabels, teacher, generation, now);
            stage(status, Conditions.STUDENTS_READY, students, softLabels, generation, now);
        }
        boolean failed = all.failed() > 0;
        boolean succeeded = all.total() > 0 && all.succeeded() == all.total();
        if (failed) {
            Conditions.set(
                    status,
                    Conditions.FAILED,
                    Conditions.TRUE,
                    Reasons.STEP_FAILED,
                    all.failureMessage(),
                    generation,
                    now);
        } else {
            Conditions.set(
                    status,
                    Conditions.FAILED,
                    Conditions.FALSE,
                    Reasons.NO_FAILURE,
                    "no step has failed",
                    generation,
                    now);
        }
        stage(status, Conditions.SUCCEEDED, all, null, generation, now);
        boolean held = suspend && !failed && !succeeded;
        Conditions.set(
                status,
                Conditions.SUSPENDED,
                held ? Conditions.TRUE : Conditions.FALSE,
                held ? Reasons.SUSPENDED : Reasons.NOT_SUSPENDED,
                held
                        ? "spec.suspend is true: no new step starts, running Jobs are suspended"
                        : "spec.suspend is false or the run has finished",
                generation,
                now);
        status.setPhase(Conditions.phase(status));
        times(status, steps, failed || succeeded, all);
    }

    /**
     * Marks {@code status} as failed because the spec cannot run, listing every problem; the steps,
     * if any, are left as they are.
     */
    public static void invalid(
            DistillationStatus status, List<FieldError> errors, long generation, Instant now) {
        String message =
                errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
        status.setObservedGeneration(generation);
        Conditions.set(
                status,
                Conditions.FAILED,
                Conditions.TRUE,
                Reasons.INVALID_SPEC,
                message,
                generation,
                now);
        Conditions.set(
                status,
                Conditions.SUCCEEDED,
                Conditions.FALSE,
                Reasons.INVALID_SPEC,
                "the spec cannot run",
                generation,
                now);
        status.setPhase(Conditions.phase(status));
    }

    /** Teacher parameters over student parameters, to two decimals. */
    public static Double compression(Long teacherParameters, Long studentParameters) {
        if (teacherParameters == null || studentParameters == null || studentParameters <= 0) {
            return null;
        }
        return BigDecimal.valueOf(teacherParameters)
                .divide(BigDecimal.valueOf(studentParameters), 2, RoundingMode.HALF_UP)
                .doubleValue();
    }

    /**
     * The best distilled student: per student the sweep cell chosen on validation accuracy (mean
     * over seeds), then among those the highest validation accuracy; on a tie the smaller student,
     * then the first by name. Its accuracy is the cell's mean test accuracy.
     */
    public static BestStudent best(List<StudentStatus> students) {
        return SweepSelection.of(students, null, null).stream()
                .filter(s -> s.getValidationAccuracy() != null && s.getAccuracyMean() != null)
                .min(
                        Comparator.comparing(
                                        SelectedStudent::getValidationAccuracy,
                                        Comparator.reverseOrder())
                                .thenComparing(
                                        SelectedStudent::getParameters,
                                        Comparator.nullsLast(Comparator.naturalOrder()))
                                .thenComparing(SelectedStudent::getName))
                .map(
                        s ->
                                new BestStudent()
                                        .setName(s.getName())
                                        .setAccuracy(s.getAccuracyMean())
                                        .setStudent(s.getStudent())
                                        .setValidationAccuracy(s.getValidationAccuracy()))
                .orElse(null);
    }

    private static void students(DistillationStatus status) {
        List<StudentStatus> students =
                status.getStudents() != null ? status.getStudents() : List.of();
        TeacherStatus teacher = status.getTeacher();
        Long teacherParameters = teacher != null ? teacher.getParameters() : null;
        Double teacherAccuracy = teacher != null ? teacher.getAccuracy() : null;
        for (StudentStatus student : students) {
            student.setCompression(compression(teacherParameters, student.getParameters()));
        }
        int done = (int) students.stream().filter(s -> StepPhase.finished(s.getPhase())).count();
        status.setStudentsDone(done);
        status.setStudentsTotal(students.size());
        status.setProgress(done + "/" + students.size());
        List<SelectedStudent> selection =
                SweepSelection.of(students, teacherAccuracy, teacherParameters);
        Set<String> chosen = new HashSet<>();
        selection.forEach(s -> chosen.addAll(s.getVariants()));
        Set<String> decided =
                selection.stream().map(SelectedStudent::getStudent).collect(Collectors.toSet());
        for (StudentStatus student : students) {
            String group = student.getStudent() != null ? student.getStudent() : student.getName();
            student.setSelected(
                    decided.contains(group) ? chosen.contains(student.getName()) : null);
        }
        status.setSelection(selection.isEmpty() ? null : selection);
        status.setBest(best(students));
    }

    private static void stage(
            DistillationStatus status,
            String type,
            StageState stage,
            StageState upstream,
            long generation,
            Instant now) {
        String value = Conditions.FALSE;
        String reason;
        String message;
        if (stage.failed() > 0) {
            reason = Reasons.STEP_FAILED;
            message = stage.failureMessage();
        } else if (upstream != null && upstream.failed() > 0) {
            reason = Reasons.UPSTREAM_FAILED;
            message = "an earlier stage failed: " + upstream.failureMessage();
        } else if (!stage.waiting().isEmpty()) {
            reason = Reasons.POD_NOT_STARTING;
            message = stage.waitingMessage();
        } else if (stage.total() > 0 && stage.succeeded() == stage.total()) {
            value = Conditions.TRUE;
            reason = Reasons.COMPLETED;
            message = stage.progressMessage();
        } else if (stage.running() > 0 || stage.succeeded() > 0) {
            reason = Reasons.RUNNING;
            message = stage.progressMessage();
        } else {
            reason = Reasons.PENDING;
            message = stage.progressMessage();
        }
        Conditions.set(status, type, value, reason, message, generation, now);
    }

    private static void times(
            DistillationStatus status, List<StepStatus> steps, boolean finished, StageState all) {
        steps.stream()
                .map(StepStatus::getStartTime)
                .filter(Objects::nonNull)
                .min(String::compareTo)
                .ifPresent(status::setStartTime);
        if (finished && all.running() == 0) {
            steps.stream()
                    .map(StepStatus::getCompletionTime)
                    .filter(Objects::nonNull)
                    .max(String::compareTo)
                    .ifPresent(status::setCompletionTime);
        } else {
            status.setCompletionTime(null);
        }
    }
}
