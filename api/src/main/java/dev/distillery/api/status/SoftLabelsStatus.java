package dev.distillery.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What the soft-label stage produced. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SoftLabelsStatus {

    @JsonPropertyDescription("URI of the soft-label artifact (shards below it read as one set).")
    private String artifact;

    @JsonPropertyDescription("Training samples labelled.")
    private Long samples;

    public String getArtifact() {
        return artifact;
    }

    public SoftLabelsStatus setArtifact(String artifact) {
        this.artifact = artifact;
        return this;
    }

    public Long getSamples() {
        return samples;
    }

    public SoftLabelsStatus setSamples(Long samples) {
        this.samples = samples;
        return this;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof SoftLabelsStatus that)) {
            return false;
        }
        return Objects.equals(artifact, that.artifact) && Objects.equals(samples, that.samples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(artifact, samples);
    }
}
