package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Grids that expand every student into one variant per combination of their values; an absent grid
 * keeps the student's own value.
 *
 * @param temperature temperatures to try
 * @param alpha alphas to try
 * @param seed seeds to repeat each variant with
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value =
                "!has(self.temperature) || self.temperature.all(t,"
                        + " self.temperature.exists_one(o, o == t))",
        message = "sweep.temperature lists a value twice",
        fieldPath = ".temperature")
@ValidationRule(
        value = "!has(self.alpha) || self.alpha.all(a, self.alpha.exists_one(o, o == a))",
        message = "sweep.alpha lists a value twice",
        fieldPath = ".alpha")
@ValidationRule(
        value = "!has(self.seed) || self.seed.all(s, self.seed.exists_one(o, o == s))",
        message = "sweep.seed lists a value twice",
        fieldPath = ".seed")
public record SweepSpec(
        @Size(min = 1, max = 16)
                @JsonPropertyDescription(
                        "Temperatures to try (each > 0), replacing each student's temperature.")
                List<@Min(value = 0, inclusive = false) @Max(100) Double> temperature,
        @Size(min = 1, max = 16)
                @JsonPropertyDescription(
                        "Alphas to try (each in [0, 1]), replacing each student's alpha.")
                List<@Min(0) @Max(1) Double> alpha,
        @Size(min = 1, max = 16)
                @JsonPropertyDescription(
                        "Seeds to repeat every variant with (for mean and spread over seeds),"
                                + " replacing each student's training seed.")
                List<@Min(0) Long> seed) {

    /** Copies the grids so the spec stays immutable. */
    public SweepSpec {
        temperature = copy(temperature);
        alpha = copy(alpha);
        seed = copy(seed);
    }

    /** Whether no grid is set. */
    @JsonIgnore
    public boolean isEmpty() {
        return temperature == null && alpha == null && seed == null;
    }

    private static <T> List<T> copy(List<T> values) {
        return values != null ? Collections.unmodifiableList(new ArrayList<>(values)) : null;
    }
}
