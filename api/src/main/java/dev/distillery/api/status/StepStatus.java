package dev.distillery.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** One planned step as the run sees it: its Job, phase, times and artifact. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StepStatus {

    @JsonPropertyDescription(
            "The step's name in the plan, for example teacher-0 or student-small-t4-a0p9.")
    private String name;

    @JsonPropertyDescription("teacher, soft-labels, student, baseline or report.")
    private String stage;

    @JsonPropertyDescription("The student variant the step trains, if any.")
    private String student;

    @JsonPropertyDescription(
            "What a pack trains together in this one step (students[].group): its student"
                    + " variants, or the students whose scratch twins it trains.")
    private List<String> packed;

    @JsonPropertyDescription("The content key: steps with the same key produce the same artifact.")
    private String key;

    @JsonPropertyDescription("The Job running the step, on a cluster.")
    private String jobName;

    @JsonPropertyDescription("Pending, Running, Succeeded or Failed.")
    private StepPhase phase;

    @JsonPropertyDescription(
            "True when the artifact was already complete in storage and the step did not run.")
    private Boolean reused;

    @JsonPropertyDescription("When the step started (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When the step finished (RFC 3339).")
    private String completionTime;

    @JsonPropertyDescription("URI of the step's artifact.")
    private String artifact;

    @JsonPropertyDescription(
            "Why the step's pod has not started while it waits, as the container's waiting reason"
                    + " (for example ImagePullBackOff or CreateContainerConfigError), or Queued"
                    + " while Kueue has not admitted its Job; the message says more. Absent once"
                    + " it runs.")
    private String waiting;

    @JsonPropertyDescription("Why the step failed, or why its pod cannot start.")
    private String message;

    public String getName() {
        return name;
    }

    public StepStatus setName(String name) {
        this.name = name;
        return this;
    }

    public String getStage() {
        return stage;
    }

    public StepStatus setStage(String stage) {
        this.stage = stage;
        return this;
    }

    public String getStudent() {
        return student;
    }

    public StepStatus setStudent(String student) {
        this.student = student;
        return this;
    }

    public List<String> getPacked() {
        return packed;
    }

    public StepStatus setPacked(List<String> packed) {
        this.packed = packed;
        return this;
    }

    public String getKey() {
        return key;
    }

    public StepStatus setKey(String key) {
        this.key = key;
        return this;
    }

    public String getJobName() {
        return jobName;
    }

    public StepStatus setJobName(String jobName) {
        this.jobName = jobName;
        return this;
    }

    public StepPhase getPhase() {
        return phase;
    }

    public StepStatus setPhase(StepPhase phase) {
        this.phase = phase;
        return this;
    }

    public Boolean getReused() {
        return reused;
    }

    public StepStatus setReused(Boolean reused) {
        this.reused = reused;
        return this;
    }

    public String getStartTime() {
        return startTime;
    }

    public StepStatus setStartTime(String startTime) {
        this.startTime = startTime;
        return this;
    }

    public String getCompletionTime() {
        return completionTime;
    }

    public StepStatus setCompletionTime(String completionTime) {
        this.completionTime = completionTime;
        return this;
    }

    public String getArtifact() {
        return artifact;
    }

    public StepStatus setArtifact(String artifact) {
        this.artifact = artifact;
        return this;
    }

    public String getWaiting() {
        return waiting;
    }

    public StepStatus setWaiting(String waiting) {
        this.waiting = waiting;
        return this;
    }

    public String getMessage() {
        return message;
    }

    public StepStatus setMessage(String message) {
        this.message = message;
        return this;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof StepStatus that)) {
            return false;
        }
        return Objects.equals(name, that.name)
                && Objects.equals(stage, that.stage)
                && Objects.equals(student, that.student)
                && Objects.equals(packed, that.packed)
                && Objects.equals(key, that.key)
                && Objects.equals(jobName, that.jobName)
                && Objects.equals(phase, that.phase)
                && Objects.equals(reused, that.reused)
                && Objects.equals(startTime, that.startTime)
                && Objects.equals(completionTime, that.completionTime)
                && Objects.equals(artifact, that.artifact)
                && Objects.equals(waiting, that.waiting)
                && Objects.equals(message, that.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                name,
                stage,
                student,
                packed,
                key,
                jobName,
                phase,
                reused,
                startTime,
                completionTime,
                artifact,
                waiting,
                message);
    }
}
