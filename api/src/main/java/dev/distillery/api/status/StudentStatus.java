package dev.distillery.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The result of one student variant and its scratch twin. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StudentStatus {

    @JsonPropertyDescription("The variant's name (student name plus its sweep values).")
    private String name;

    @JsonPropertyDescription("The name of the student in spec.students it expands.")
    private String student;

    @JsonPropertyDescription("The variant's model spec.")
    private String model;

    @JsonPropertyDescription("The variant's temperature.")
    private Double temperature;

    @JsonPropertyDescription("The variant's alpha.")
    private Double alpha;

    @JsonPropertyDescription("The variant's training seed.")
    private Long seed;

    @JsonPropertyDescription("Pending, Running, Succeeded or Failed.")
    private StepPhase phase;

    @JsonPropertyDescription(
            "Top-1 accuracy of the distilled student on the test split (the"
                    + " held-out split when the data has none), 0 to 1.")
    private Double accuracy;

    @JsonPropertyDescription(
            "Top-1 accuracy on the validation split (carved from the training data): the only"
                    + " accuracy a sweep chooses on.")
    private Double validationAccuracy;

    @JsonPropertyDescription(
            "True for the variants of the sweep cell (temperature, alpha) chosen for this"
                    + " student on validation accuracy averaged over seeds; false for the others.")
    private Boolean selected;

    @JsonPropertyDescription(
            "Top-1 accuracy of its scratch twin (alpha 0, same budget and seed) on"
                    + " the same split, when spec.baseline is true.")
    private Double scratchAccuracy;

    @JsonPropertyDescription("Trainable parameter count.")
    private Long parameters;

    @JsonPropertyDescription("Teacher parameters (largest member) divided by this student's.")
    private Double compression;

    @JsonPropertyDescription("URI of the trained student.")
    private String artifact;

    @JsonPropertyDescription("URI of its scratch twin.")
    private String baselineArtifact;

    public String getName() {
        return name;
    }

    public StudentStatus setName(String name) {
        this.name = name;
        return this;
    }

    public String getStudent() {
        return student;
    }

    public StudentStatus setStudent(String student) {
        this.student = student;
        return this;
    }

    public String getModel() {
        return model;
    }

    public StudentStatus setModel(String model) {
        this.model = model;
        return this;
    }

    public Double getTemperature() {
        return temperature;
    }

    public StudentStatus setTemperature(Double temperature) {
        this.temperature = temperature;
        return this;
    }

    public Double getAlpha() {
        return alpha;
    }

    public StudentStatus setAlpha(Double alpha) {
        this.alpha = alpha;
        return this;
    }

    public Long getSeed() {
        return seed;
    }

    public StudentStatus setSeed(Long seed) {
        this.seed = seed;
        return this;
    }

    public StepPhase getPhase() {
        return phase;
    }

    public StudentStatus setPhase(StepPhase phase) {
        this.phase = phase;
        return this;
    }

    public Double getAccuracy() {
        return accuracy;
    }

    public StudentStatus setAccuracy(Double accuracy) {
        this.accuracy = accuracy;
        return this;
    }

    public Double getValidationAccuracy() {
        return validationAccuracy;
    }

    public StudentStatus setValidationAccuracy(Double validationAccuracy) {
        this.validationAccuracy = validationAccuracy;
        return this;
    }

    public Boolean getSelected() {
        return selected;
    }

    public StudentStatus setSelected(Boolean selected) {
        this.selected = selected;
        return this;
    }

    public Double getScratchAccuracy() {
        return scratchAccuracy;
    }

    public StudentStatus setScratchAccuracy(Double scratchAccuracy) {
        this.scratchAccuracy = scratchAccuracy;
        return this;
    }

    public Long getParameters() {
        return parameters;
    }

    public StudentStatus setParameters(Long parameters) {
        this.parameters = parameters;
        return this;
    }

    public Double getCompression() {
        return compression;
    }

    public StudentStatus setCompression(Double compression) {
        this.compression = compression;
        return this;
    }

    public String getArtifact() {
        return artifact;
    }

    public StudentStatus setArtifact(String artifact) {
        this.artifact = artifact;
        return this;
    }

    public String getBaselineArtifact() {
        return baselineArtifact;
    }

    public StudentStatus setBaselineArtifact(String baselineArtifact) {
        this.baselineArtifact = baselineArtifact;
        return this;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof StudentStatus that)) {
            return false;
        }
        return Objects.equals(name, that.name)
                && Objects.equals(student, that.student)
                && Objects.equals(model, that.model)
                && Objects.equals(temperature, that.temperature)
                && Objects.equals(alpha, that.alpha)
                && Objects.equals(seed, that.seed)
                && Objects.equals(phase, that.phase)
                && Objects.equals(accuracy, that.accuracy)
                && Objects.equals(validationAccuracy, that.validationAccuracy)
                && Objects.equals(selected, that.selected)
                && Objects.equals(scratchAccuracy, that.scratchAccuracy)
                && Objects.equals(parameters, that.parameters)
                && Objects.equals(compression, that.compression)
                && Objects.equals(artifact, that.artifact)
                && Objects.equals(baselineArtifact, that.baselineArtifact);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                name,
                student,
                model,
                temperature,
                alpha,
                seed,
                phase,
                accuracy,
                validationAccuracy,
                selected,
                scratchAccuracy,
                parameters,
                compression,
                artifact,
                baselineArtifact);
    }
}
