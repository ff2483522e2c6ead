package dev.distillery.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** What the teacher stage produced: accuracy, size and artifacts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TeacherStatus {

    @JsonPropertyDescription(
            "Top-1 accuracy of the teacher on the test split, 0 to 1. For an ensemble: the"
                    + " combined members' own accuracy, measured by the soft-labels step (the"
                    + " members' mean until then, or when no soft-labels step runs).")
    private Double accuracy;

    @JsonPropertyDescription(
            "Trainable parameters of the largest member; compression ratios are relative to it.")
    private Long parameters;

    @JsonPropertyDescription("URI of the trained teacher when it has one member.")
    private String artifact;

    @JsonPropertyDescription("Each ensemble member's result.")
    private List<TeacherMemberStatus> members;

    public Double getAccuracy() {
        return accuracy;
    }

    public TeacherStatus setAccuracy(Double accuracy) {
        this.accuracy = accuracy;
        return this;
    }

    public Long getParameters() {
        return parameters;
    }

    public TeacherStatus setParameters(Long parameters) {
        this.parameters = parameters;
        return this;
    }

    public String getArtifact() {
        return artifact;
    }

    public TeacherStatus setArtifact(String artifact) {
        this.artifact = artifact;
        return this;
    }

    public List<TeacherMemberStatus> getMembers() {
        return members;
    }

    public TeacherStatus setMembers(List<TeacherMemberStatus> members) {
        this.members = members;
        return this;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof TeacherStatus that)) {
            return false;
        }
        return Objects.equals(accuracy, that.accuracy)
                && Objects.equals(parameters, that.parameters)
                && Objects.equals(artifact, that.artifact)
                && Objects.equals(members, that.members);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accuracy, parameters, artifact, members);
    }
}
