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
 * @param weightDecay the weight decay (decoupled, AdamW)
 * @param augment whether seeded augmentation is applied
 * @param lrSchedule the learning-rate schedule
 * @param warmupEpochs epochs of linear learning-rate warm-up
 * @param earlyStopping patience in epochs on validation accuracy, 0 = off
 * @param labelSmoothing label smoothing of the hard-label term
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
        @Min(0)
                @Max(1)
                @JsonPropertyDescription(
                        "Weight decay, decoupled from the gradient (AdamW). Default 0 (none).")
                Double weightDecay,
        @JsonPropertyDescription(
                        "Seeded augmentation (small shifts). A student replays the teacher's"
                                + " augmentation seed so both see the same view. Default false.")
                Boolean augment,
        @JsonPropertyDescription(
                        "constant, or cosine: annealed to 0 over the run, batch by batch."
                                + " Default constant.")
                LearningRateSchedule lrSchedule,
        @Min(0)
                @Max(999)
                @JsonPropertyDescription(
                        "Epochs of linear learning-rate warm-up from 0 (per batch), fewer than"
                                + " epochs. Default 0.")
                Integer warmupEpochs,
        @Min(0)
                @Max(1000)
                @JsonPropertyDescription(
                        "Patience: stop after this many epochs without a better validation"
                                + " accuracy and keep the best epoch's parameters. 0 (default)"
                                + " trains every epoch and keeps the last.")
                Integer earlyStopping,
        @Min(0)
                @Max(value = 1, inclusive = false)
                @JsonPropertyDescription(
                        "Label smoothing of the hard-label term in [0, 1). Keep 0 for teachers"
                                + " used for distillation (Muller et al. 2019). Default 0.")
                Double labelSmoothing) {

    /** The defaults of every field, used when a training block is absent. */
    public static final TrainingSpec DEFAULTS =
            new TrainingSpec(null, null, null, null, null, null);

    /** Settings with a constant learning rate, no early stopping and no label smoothing. */
    public TrainingSpec(
            Integer epochs,
            Integer batchSize,
            Double learningRate,
            Long seed,
            Double weightDecay,
            Boolean augment) {
        this(epochs, batchSize, learningRate, seed, weightDecay, augment, null, null, null, null);
    }

    /** Fills the defaults of absent fields. */
    public TrainingSpec {
        epochs = epochs != null ? epochs : 10;
        batchSize = batchSize != null ? batchSize : 128;
        learningRate = learningRate != null ? learningRate : 0.001;
        seed = seed != null ? seed : 1L;
        weightDecay = weightDecay != null ? weightDecay : 0.0;
        augment = augment != null ? augment : Boolean.FALSE;
        lrSchedule = lrSchedule != null ? lrSchedule : LearningRateSchedule.CONSTANT;
        warmupEpochs = warmupEpochs != null ? warmupEpochs : 0;
        earlyStopping = earlyStopping != null ? earlyStopping : 0;
        labelSmoothing = labelSmoothing != null ? labelSmoothing : 0.0;
    }

    /** These settings with another seed. */
    public TrainingSpec withSeed(long newSeed) {
        return new TrainingSpec(
                epochs,
                batchSize,
                learningRate,
                newSeed,
                weightDecay,
                augment,
                lrSchedule,
                warmupEpochs,
                earlyStopping,
                labelSmoothing);
    }
}
