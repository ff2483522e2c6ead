package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * How one network is trained: budget, batch, optimizer settings and seed. Absent fields take the
 * defaults named in their descriptions.
 *
 * @param epochs passes over the training data
 * @param batchSize samples per batch
 * @param learningRate the optimizer's learning rate
 * @param seed the random seed
 * @param weightDecay the L2 weight decay
 * @param augment whether seeded augmentation is applied
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingSpec(
        @Min(1) @Max(1000) @JsonPropertyDescription("Passes over the training data. Default 10.")
                Integer epochs,
        @Min(1) @Max(65536) @JsonPropertyDescription("Samples per batch. Default 128.")
                Integer batchSize,
        @Min(value = 0, inclusive = false)
                @Max(10)
                @JsonPropertyDescription("The Adam learning rate. Default 0.001.")
                Double learningRate,
        @Min(0)
                @JsonPropertyDescription(
                        "The random seed of initialization, shuffling and augmentation."
                                + " Default 1.")
                Long seed,
        @Min(0) @Max(1) @JsonPropertyDescription("L2 weight decay. Default 0 (none).")
                Double weightDecay,
        @JsonPropertyDescription(
                        "Seeded augmentation (small shifts). A student replays the teacher's"
                                + " augmentation seed so both see the same view. Default false.")
                Boolean augment) {

    /** The defaults of every field, used when a training block is absent. */
    public static final TrainingSpec DEFAULTS =
            new TrainingSpec(null, null, null, null, null, null);

    /** Fills the defaults of absent fields. */
    public TrainingSpec {
        epochs = epochs != null ? epochs : 10;
        batchSize = batchSize != null ? batchSize : 128;
        learningRate = learningRate != null ? learningRate : 0.001;
        seed = seed != null ? seed : 1L;
        weightDecay = weightDecay != null ? weightDecay : 0.0;
        augment = augment != null ? augment : Boolean.FALSE;
    }

    /** These settings with another seed. */
    public TrainingSpec withSeed(long newSeed) {
        return new TrainingSpec(epochs, batchSize, learningRate, newSeed, weightDecay, augment);
    }
}
