package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * How students get the teacher's logits: stored once (at a precision, in shards that pods compute
 * in parallel and readers see as one set) or computed on the fly in every student step.
 *
 * @param precision fp32 or fp16
 * @param shards how many shards
 * @param views how many seeded augmented views are labelled
 * @param mode stored soft labels, or consistent: the teacher labels each batch in the student step
 * @param ensembleCombine how an ensemble's members are combined
 * @param calibrate whether stored logits are divided by the teacher's calibrated temperature
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
                Integer views,
        @Default("stored")
                @JsonPropertyDescription(
                        "stored: a soft-labels step stores the teacher's logits once and students"
                                + " read them. consistent: no soft-labels step; every student"
                                + " step loads the fixed teacher(s) and labels each augmented"
                                + " batch on the fly (the student sees exactly the view the"
                                + " teacher labelled, a fresh one every epoch) at the cost of"
                                + " the teacher's forward pass in every student pod: give"
                                + " resources.students the teacher's memory. Default stored.")
                SoftLabelsMode mode,
        @Default("probabilities")
                @JsonPropertyDescription(
                        "How an ensemble teacher's members combine: probabilities (log of the"
                                + " mean softmax, Hinton et al.) or logits (mean of the raw"
                                + " logits). Default probabilities.")
                EnsembleCombine ensembleCombine,
        @Default("false")
                @JsonPropertyDescription(
                        "Store the teacher's logits divided by its temperature calibrated on the"
                                + " held-out split (stored mode); the calibration is measured and"
                                + " reported either way. Default false.")
                Boolean calibrate) {

    /** The most shards soft labels may be split into. */
    public static final int MAX_SHARDS = 32;

    /** The most augmented views soft labels may hold. */
    public static final int MAX_VIEWS = 100;

    /** Stored soft labels of {@code views} views at {@code precision} in {@code shards}. */
    public SoftLabelsSpec(Precision precision, Integer shards, Integer views) {
        this(precision, shards, views, null, null, null);
    }

    /** Fills the defaults of absent fields. */
    public SoftLabelsSpec {
        precision = precision != null ? precision : Precision.FP32;
        shards = shards != null ? shards : 1;
        mode = mode != null ? mode : SoftLabelsMode.STORED;
        ensembleCombine = ensembleCombine != null ? ensembleCombine : EnsembleCombine.PROBABILITIES;
        calibrate = calibrate != null ? calibrate : Boolean.FALSE;
    }

    /** Whether students get the teacher's logits on the fly in their own steps. */
    public boolean consistent() {
        return mode == SoftLabelsMode.CONSISTENT;
    }
}
