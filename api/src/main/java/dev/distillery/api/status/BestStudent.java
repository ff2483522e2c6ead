package dev.distillery.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * The best distilled student: among the sweep cells selected per student, the one with the best
 * validation accuracy; its accuracy is the cell's mean test accuracy over seeds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BestStudent {

    @JsonPropertyDescription(
            "The chosen variant's name (without its seed suffix when several seeds were swept).")
    private String name;

    @JsonPropertyDescription(
            "Its top-1 test accuracy (as in students[].accuracy; the mean over seeds), 0 to 1.")
    private Double accuracy;

    @JsonPropertyDescription("The name of the student in spec.students.")
    private String student;

    @JsonPropertyDescription("Its mean validation accuracy: the number it was chosen on.")
    private Double validationAccuracy;

    public String getName() {
        return name;
    }

    public BestStudent setName(String name) {
        this.name = name;
        return this;
    }

    public Double getAccuracy() {
        return accuracy;
    }

    public BestStudent setAccuracy(Double accuracy) {
        this.accuracy = accuracy;
        return this;
    }

    public String getStudent() {
        return student;
    }

    public BestStudent setStudent(String student) {
        this.student = student;
        return this;
    }

    public Double getValidationAccuracy() {
        return validationAccuracy;
    }

    public BestStudent setValidationAccuracy(Double validationAccuracy) {
        this.validationAccuracy = validationAccuracy;
        return this;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof BestStudent that)) {
            return false;
        }
        return Objects.equals(name, that.name)
                && Objects.equals(accuracy, that.accuracy)
                && Objects.equals(student, that.student)
                && Objects.equals(validationAccuracy, that.validationAccuracy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, accuracy, student, validationAccuracy);
    }
}
