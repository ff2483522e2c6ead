package dev.distillery.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The best distilled student variant by accuracy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BestStudent {

    @JsonPropertyDescription("The student variant's name.")
    private String name;

    @JsonPropertyDescription("Its top-1 accuracy (as in students[].accuracy), 0 to 1.")
    private Double accuracy;

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

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof BestStudent that)) {
            return false;
        }
        return Objects.equals(name, that.name) && Objects.equals(accuracy, that.accuracy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, accuracy);
    }
}
