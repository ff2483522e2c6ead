package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * How the teacher's raw logits over the training set are stored: once, at a precision, in shards
 * that pods compute in parallel and readers see as one set.
 *
 * @param precision fp32 or fp16
 * @param shards how many shards
 * @param views how many seeded augmented views are labelled
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SoftLabelsSpec(
        @Default("fp32")
                @JsonPropertyDescription(
                        "fp32, or fp16 to halve the bytes stored per sample. Default fp32.")
                Precision precision,
        @Default("1")
                @Min(1)
                @Max(MAX_SHARDS)
                @JsonPropertyDescription(
                        "Split soft-label generation over N pods (an Indexed Job). Default 1.")
                Integer shards,
        @Min(1)
                @Max(MAX_VIEWS)
                @JsonPropertyDescription(
                        "Label K seeded augmented views of every sample (the teacher's seed)"
                                + " instead of the plain images; students replay view (epoch - 1)"
                                + " mod K, so they see exactly what the teacher labelled. Plain"
                                + " images when absent.")
                Integer views) {

    /** The most shards soft labels may be split into. */
    public static final int MAX_SHARDS = 32;

    /** The most augmented views soft labels may hold. */
    public static final int MAX_VIEWS = 100;

    /** Fills the defaults of absent fields. */
    public SoftLabelsSpec {
        precision = precision != null ? precision : Precision.FP32;
        shards = shards != null ? shards : 1;
    }
}
