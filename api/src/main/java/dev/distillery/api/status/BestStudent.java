package dev.distillery.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

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
}
