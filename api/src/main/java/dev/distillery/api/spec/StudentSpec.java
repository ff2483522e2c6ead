package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * One student network distilled from the teacher's soft labels with Hinton's loss: {@code alpha *
 * T^2 * CE(softmax(teacher/T), softmax(student/T)) + (1 - alpha) * CE(label, softmax(student))}.
 *
 * @param name the student's name
 * @param model the student's model spec
 * @param temperature the softmax temperature T
 * @param alpha the weight of the soft-label term
 * @param training how the student is trained
 * @param hintWeight weight of the FitNets hint term, 0 = off
 * @param group the pack the student trains in, with every student of the same group; none: its own
 *     steps
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StudentSpec(
        @Required
                @Size(min = 1, max = MAX_NAME_LENGTH)
                @Pattern(NAME_PATTERN)
                @JsonPropertyDescription(
                        "The student's name: lowercase letters, digits and '-', starting with a"
                                + " letter, at most 20 characters (it becomes part of Job names).")
                String name,
        @Required
                @Size(max = 128)
                @Pattern(ModelSpecSyntax.PATTERN)
                @JsonPropertyDescription(
                        "The student network, family:sizes, for example mlp:128 or cnn:8,16.")
                String model,
        @Default("4.0")
                @Min(value = 0, inclusive = false)
                @Max(100)
                @JsonPropertyDescription(
                        "Softmax temperature T (> 0) applied to teacher and student logits in"
                                + " the soft-label term. Default 4.")
                Double temperature,
        @Default("0.9")
                @Min(0)
                @Max(1)
                @JsonPropertyDescription(
                        "Weight of the soft-label term in [0, 1]; 1 - alpha weighs the"
                                + " hard-label term. 0 trains from scratch. Default 0.9.")
                Double alpha,
        @JsonPropertyDescription(
                        "Training settings (epochs, batchSize, learningRate, seed, weightDecay,"
                                + " augment, lrSchedule, warmupEpochs, earlyStopping,"
                                + " labelSmoothing).")
                TrainingSpec training,
        @Default("0")
                @Min(0)
                @Max(1000)
                @JsonPropertyDescription(
                        "Weight of the FitNets hint term: the student's last conv block is"
                                + " matched (MSE, through a learned 1x1 conv) to the first teacher"
                                + " member's; cnn or resnet student and teacher with the same"
                                + " feature-map size; needs softLabels.mode consistent. 0 (default)"
                                + " is off.")
                Double hintWeight,
        @Size(min = 1, max = MAX_NAME_LENGTH)
                @Pattern(NAME_PATTERN)
                @JsonPropertyDescription(
                        "Packs the student with every student of the same group (offline"
                                + " mode): they train in one step on shared batches with one read"
                                + " of the soft labels (in consistent mode, one forward pass of"
                                + " the teachers loaded into the step) per batch, one step per"
                                + " sweep seed, and their scratch twins in one step too. Students"
                                + " of a group share training.epochs, batchSize, seed and"
                                + " augment; each keeps its own model, temperature, alpha, hint"
                                + " weight, learning rate and schedule.")
                String group) {

    /** The longest student name, so that derived step and Job names stay within 63 characters. */
    public static final int MAX_NAME_LENGTH = 20;

    /** A DNS-1123 label starting with a letter. */
    public static final String NAME_PATTERN = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

    /** The temperature when none is given. */
    public static final double DEFAULT_TEMPERATURE = 4.0;

    /** The alpha when none is given. */
    public static final double DEFAULT_ALPHA = 0.9;

    /** A student without hints. */
    public StudentSpec(
            String name, String model, Double temperature, Double alpha, TrainingSpec training) {
        this(name, model, temperature, alpha, training, null, null);
    }

    /** Fills the defaults of absent fields. */
    public StudentSpec {
        hintWeight = hintWeight != null ? hintWeight : 0.0;
        temperature = temperature != null ? temperature : DEFAULT_TEMPERATURE;
        alpha = alpha != null ? alpha : DEFAULT_ALPHA;
        training = training != null ? training : TrainingSpec.DEFAULTS;
    }
}
