package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * How the group of {@code mode: online} learns mutually (deep mutual learning, Zhang et al. 2018):
 * every network, the teacher included, minimizes {@code (1 - alpha) * CE(label) + alpha * T^2 *
 * mean over its peers of KL(peer || itself)}, the peers' predictions detached.
 *
 * @param temperature the softmax temperature T of the mutual term
 * @param alpha the weight of the mutual term
 * @param teacherWarmupEpochs epochs the teacher trains alone before the group learns mutually
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OnlineSpec(
        @Default("1.0")
                @Min(value = 0, inclusive = false)
                @Max(100)
                @JsonPropertyDescription(
                        "Softmax temperature T of the mutual term (mode online). Default 1, as"
                                + " in deep mutual learning.")
                Double temperature,
        @Default("0.5")
                @Min(0)
                @Max(1)
                @JsonPropertyDescription(
                        "Weight of the mutual term in [0, 1]; 1 - alpha weighs the labels."
                                + " Default 0.5: the paper's CE + KL, halved.")
                Double alpha,
        @Default("0")
                @Min(0)
                @Max(999)
                @JsonPropertyDescription(
                        "Epochs the teacher trains alone on the labels before the group learns"
                                + " mutually; fewer than teacher.training.epochs. Default 0.")
                Integer teacherWarmupEpochs) {

    /** Fills the defaults of absent fields. */
    public OnlineSpec {
        temperature = temperature != null ? temperature : 1.0;
        alpha = alpha != null ? alpha : 0.5;
        teacherWarmupEpochs = teacherWarmupEpochs != null ? teacherWarmupEpochs : 0;
    }
}
