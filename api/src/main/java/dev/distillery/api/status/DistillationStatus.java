package dev.distillery.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Objects;

/** The observed state of a Distillation: conditions, per-stage results and the best student. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DistillationStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription(
            "Pending, Running, Suspended, Succeeded or Failed: derived from the"
                    + " conditions, for display and for tools that need one scalar.")
    private Phase phase;

    @JsonPropertyDescription(
            "Conditions per Kubernetes API conventions: TeacherReady,"
                    + " SoftLabelsReady, StudentsReady, Suspended, Succeeded, Failed.")
    private List<Condition> conditions;

    @JsonPropertyDescription("What the teacher stage produced.")
    private TeacherStatus teacher;

    @JsonPropertyDescription("What the soft-label stage produced.")
    private SoftLabelsStatus softLabels;

    @JsonPropertyDescription("One entry per student variant, with its scratch twin's accuracy.")
    private List<StudentStatus> students;

    @JsonPropertyDescription(
            "Per student of the spec, the sweep cell chosen on validation accuracy, with its test"
                    + " accuracy and its scratch twins' over seeds.")
    private List<SelectedStudent> selection;

    @JsonPropertyDescription(
            "The selected student with the best validation accuracy, reported with its test"
                    + " accuracy.")
    private BestStudent best;

    @JsonPropertyDescription("Student variants whose distillation finished (succeeded or failed).")
    private Integer studentsDone;

    @JsonPropertyDescription("Student variants planned.")
    private Integer studentsTotal;

    @JsonPropertyDescription("studentsDone/studentsTotal, for the printer column.")
    private String progress;

    @JsonPropertyDescription("URI of the report artifact.")
    private String report;

    @JsonPropertyDescription("Every planned step with its Job, phase, times and artifact.")
    private List<StepStatus> steps;

    @JsonPropertyDescription("When the first step started (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When the run finished (RFC 3339).")
    private String completionTime;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public DistillationStatus setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
        return this;
    }

    public Phase getPhase() {
        return phase;
    }

    public DistillationStatus setPhase(Phase phase) {
        this.phase = phase;
        return this;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public DistillationStatus setConditions(List<Condition> conditions) {
        this.conditions = conditions;
        return this;
    }

    public TeacherStatus getTeacher() {
        return teacher;
    }

    public DistillationStatus setTeacher(TeacherStatus teacher) {
        this.teacher = teacher;
        return this;
    }

    public SoftLabelsStatus getSoftLabels() {
        return softLabels;
    }

    public DistillationStatus setSoftLabels(SoftLabelsStatus softLabels) {
        this.softLabels = softLabels;
        return this;
    }

    public List<StudentStatus> getStudents() {
        return students;
    }

    public DistillationStatus setStudents(List<StudentStatus> students) {
        this.students = students;
        return this;
    }

    public List<SelectedStudent> getSelection() {
        return selection;
    }

    public DistillationStatus setSelection(List<SelectedStudent> selection) {
        this.selection = selection;
        return this;
    }

    public BestStudent getBest() {
        return best;
    }

    public DistillationStatus setBest(BestStudent best) {
        this.best = best;
        return this;
    }

    public Integer getStudentsDone() {
        return studentsDone;
    }

    public DistillationStatus setStudentsDone(Integer studentsDone) {
        this.studentsDone = studentsDone;
        return this;
    }

    public Integer getStudentsTotal() {
        return studentsTotal;
    }

    public DistillationStatus setStudentsTotal(Integer studentsTotal) {
        this.studentsTotal = studentsTotal;
        return this;
    }

    public String getProgress() {
        return progress;
    }

    public DistillationStatus setProgress(String progress) {
        this.progress = progress;
        return this;
    }

    public String getReport() {
        return report;
    }

    public DistillationStatus setReport(String report) {
        this.report = report;
        return this;
    }

    public List<StepStatus> getSteps() {
        return steps;
    }

    public DistillationStatus setSteps(List<StepStatus> steps) {
        this.steps = steps;
        return this;
    }

    public String getStartTime() {
        return startTime;
    }

    public DistillationStatus setStartTime(String startTime) {
        this.startTime = startTime;
        return this;
    }

    public String getCompletionTime() {
        return completionTime;
    }

    public DistillationStatus setCompletionTime(String completionTime) {
        this.completionTime = completionTime;
        return this;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof DistillationStatus that)) {
            return false;
        }
        return Objects.equals(observedGeneration, that.observedGeneration)
                && Objects.equals(phase, that.phase)
                && Objects.equals(conditions, that.conditions)
                && Objects.equals(teacher, that.teacher)
                && Objects.equals(softLabels, that.softLabels)
                && Objects.equals(students, that.students)
                && Objects.equals(selection, that.selection)
                && Objects.equals(best, that.best)
                && Objects.equals(studentsDone, that.studentsDone)
                && Objects.equals(studentsTotal, that.studentsTotal)
                && Objects.equals(progress, that.progress)
                && Objects.equals(report, that.report)
                && Objects.equals(steps, that.steps)
                && Objects.equals(startTime, that.startTime)
                && Objects.equals(completionTime, that.completionTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                observedGeneration,
                phase,
                conditions,
                teacher,
                softLabels,
                students,
                selection,
                best,
                studentsDone,
                studentsTotal,
                progress,
                report,
                steps,
                startTime,
                completionTime);
    }
}
