package dev.distillery.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/**
 * The sweep cell chosen for one student on the validation split, with its test results over seeds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SelectedStudent {

    @JsonPropertyDescription("The name of the student in spec.students.")
    private String student;

    @JsonPropertyDescription(
            "The chosen cell's name: the variant's name, without its seed suffix when several seeds were swept.")
    private String name;

    @JsonPropertyDescription("The student's model spec.")
    private String model;

    @JsonPropertyDescription("The chosen temperature.")
    private Double temperature;

    @JsonPropertyDescription("The chosen alpha.")
    private Double alpha;

    @JsonPropertyDescription("How many seeds the cell was trained with.")
    private Integer seeds;

    @JsonPropertyDescription("The variants (one per seed) of the chosen cell.")
    private List<String> variants;

    @JsonPropertyDescription(
            "Mean validation accuracy over the seeds: the number the choice was made on, 0 to 1.")
    private Double validationAccuracy;

    @JsonPropertyDescription("Mean test accuracy of the chosen variants, 0 to 1.")
    private Double accuracyMean;

    @JsonPropertyDescription(
            "Sample standard deviation of their test accuracy over seeds (absent with one seed).")
    private Double accuracyStd;

    @JsonPropertyDescription("Mean test accuracy of their scratch twins, 0 to 1.")
    private Double scratchAccuracyMean;

    @JsonPropertyDescription(
            "Sample standard deviation of the scratch twins' test accuracy over seeds.")
    private Double scratchAccuracyStd;

    @JsonPropertyDescription(
            "accuracyMean minus scratchAccuracyMean (0.01 is one percentage point).")
    private Double gain;

    @JsonPropertyDescription(
            "Whether gain exceeds accuracyStd + scratchAccuracyStd, the spread the seeds measured (absent with one seed).")
    private Boolean gainExceedsSpread;

    @JsonPropertyDescription(
            "(accuracyMean - scratchAccuracyMean) / (teacher.accuracy - scratchAccuracyMean): the share of the teacher's lead that distillation closed; teacher.accuracy is the ensemble's own once its soft-labels step scored it.")
    private Double gapClosure;

    @JsonPropertyDescription("Trainable parameter count.")
    private Long parameters;

    @JsonPropertyDescription("Teacher parameters (largest member) divided by the student's.")
    private Double compression;

    public String getStudent() {
        return student;
    }

    public SelectedStudent setStudent(String student) {
        this.student = student;
        return this;
    }

    public String getName() {
        return name;
    }

    public SelectedStudent setName(String name) {
        this.name = name;
        return this;
    }

    public String getModel() {
        return model;
    }

    public SelectedStudent setModel(String model) {
        this.model = model;
        return this;
    }

    public Double getTemperature() {
        return temperature;
    }

    public SelectedStudent setTemperature(Double temperature) {
        this.temperature = temperature;
        return this;
    }

    public Double getAlpha() {
        return alpha;
    }

    public SelectedStudent setAlpha(Double alpha) {
        this.alpha = alpha;
        return this;
    }

    public Integer getSeeds() {
        return seeds;
    }

    public SelectedStudent setSeeds(Integer seeds) {
        this.seeds = seeds;
        return this;
    }

    public List<String> getVariants() {
        return variants;
    }

    public SelectedStudent setVariants(List<String> variants) {
        this.variants = variants;
        return this;
    }

    public Double getValidationAccuracy() {
        return validationAccuracy;
    }

    public SelectedStudent setValidationAccuracy(Double validationAccuracy) {
        this.validationAccuracy = validationAccuracy;
        return this;
    }

    public Double getAccuracyMean() {
        return accuracyMean;
    }

    public SelectedStudent setAccuracyMean(Double accuracyMean) {
        this.accuracyMean = accuracyMean;
        return this;
    }

    public Double getAccuracyStd() {
        return accuracyStd;
    }

    public SelectedStudent setAccuracyStd(Double accuracyStd) {
        this.accuracyStd = accuracyStd;
        return this;
    }

    public Double getScratchAccuracyMean() {
        return scratchAccuracyMean;
    }

    public SelectedStudent setScratchAccuracyMean(Double scratchAccuracyMean) {
        this.scratchAccuracyMean = scratchAccuracyMean;
        return this;
    }

    public Double getScratchAccuracyStd() {
        return scratchAccuracyStd;
    }

    public SelectedStudent setScratchAccuracyStd(Double scratchAccuracyStd) {
        this.scratchAccuracyStd = scratchAccuracyStd;
        return this;
    }

    public Double getGain() {
        return gain;
    }

    public SelectedStudent setGain(Double gain) {
        this.gain = gain;
        return this;
    }

    public Boolean getGainExceedsSpread() {
        return gainExceedsSpread;
    }

    public SelectedStudent setGainExceedsSpread(Boolean gainExceedsSpread) {
        this.gainExceedsSpread = gainExceedsSpread;
        return this;
    }

    public Double getGapClosure() {
        return gapClosure;
    }

    public SelectedStudent setGapClosure(Double gapClosure) {
        this.gapClosure = gapClosure;
        return this;
    }

    public Long getParameters() {
        return parameters;
    }

    public SelectedStudent setParameters(Long parameters) {
        this.parameters = parameters;
        return this;
    }

    public Double getCompression() {
        return compression;
    }

    public SelectedStudent setCompression(Double compression) {
        this.compression = compression;
        return this;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof SelectedStudent that)) {
            return false;
        }
        return Objects.equals(student, that.student)
                && Objects.equals(name, that.name)
                && Objects.equals(model, that.model)
                && Objects.equals(temperature, that.temperature)
                && Objects.equals(alpha, that.alpha)
                && Objects.equals(seeds, that.seeds)
                && Objects.equals(variants, that.variants)
                && Objects.equals(validationAccuracy, that.validationAccuracy)
                && Objects.equals(accuracyMean, that.accuracyMean)
                && Objects.equals(accuracyStd, that.accuracyStd)
                && Objects.equals(scratchAccuracyMean, that.scratchAccuracyMean)
                && Objects.equals(scratchAccuracyStd, that.scratchAccuracyStd)
                && Objects.equals(gain, that.gain)
                && Objects.equals(gainExceedsSpread, that.gainExceedsSpread)
                && Objects.equals(gapClosure, that.gapClosure)
                && Objects.equals(parameters, that.parameters)
                && Objects.equals(compression, that.compression);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                student,
                name,
                model,
                temperature,
                alpha,
                seeds,
                variants,
                validationAccuracy,
                accuracyMean,
                accuracyStd,
                scratchAccuracyMean,
                scratchAccuracyStd,
                gain,
                gainExceedsSpread,
                gapClosure,
                parameters,
                compression);
    }
}
