package dev.distillery.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The result of training one teacher member. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TeacherMemberStatus {

    @JsonPropertyDescription("The member's model spec.")
    private String model;

    @JsonPropertyDescription("The member's seed.")
    private Long seed;

    @JsonPropertyDescription(
            "Top-1 accuracy on the test split (the held-out split when the data has none), 0 to 1.")
    private Double accuracy;

    @JsonPropertyDescription("Trainable parameter count.")
    private Long parameters;

    @JsonPropertyDescription("URI of the trained member.")
    private String artifact;

    public String getModel() {
        return model;
    }

    public TeacherMemberStatus setModel(String model) {
        this.model = model;
        return this;
    }

    public Long getSeed() {
        return seed;
    }

    public TeacherMemberStatus setSeed(Long seed) {
        this.seed = seed;
        return this;
    }

    public Double getAccuracy() {
        return accuracy;
    }

    public TeacherMemberStatus setAccuracy(Double accuracy) {
        this.accuracy = accuracy;
        return this;
    }

    public Long getParameters() {
        return parameters;
    }

    public TeacherMemberStatus setParameters(Long parameters) {
        this.parameters = parameters;
        return this;
    }

    public String getArtifact() {
        return artifact;
    }

    public TeacherMemberStatus setArtifact(String artifact) {
        this.artifact = artifact;
        return this;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof TeacherMemberStatus that)) {
            return false;
        }
        return Objects.equals(model, that.model)
                && Objects.equals(seed, that.seed)
                && Objects.equals(accuracy, that.accuracy)
                && Objects.equals(parameters, that.parameters)
                && Objects.equals(artifact, that.artifact);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, seed, accuracy, parameters, artifact);
    }
}
