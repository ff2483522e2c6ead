package dev.distillery.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * What a finished step reports about itself, as one line of JSON: written to the container's
 * termination-message file (so the operator reads results without storage access) and kept in the
 * step's {@code metrics.json}. Kubernetes keeps at most 4 KiB of a termination message, so this
 * holds scalars only; per-class figures and curves live in {@code metrics.json}.
 *
 * @param step the step command: {@code train}, {@code soft-labels}, {@code evaluate}, {@code
 *     report}
 * @param artifact the URI of the artifact the step wrote
 * @param accuracy top-1 accuracy on the held-out split the step evaluated, if any
 * @param parameters trainable parameter count of the model, if any
 * @param epochs epochs completed, if the step trains
 * @param samples samples processed (soft labels: samples labelled), if relevant
 * @param seconds wall-clock seconds the step took
 * @param resumed whether the step continued from a checkpoint
 * @param metrics further named scalar metrics (for example {@code loss}, {@code testAccuracy})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepSummary(
        String step,
        String artifact,
        Double accuracy,
        Long parameters,
        Integer epochs,
        Long samples,
        double seconds,
        boolean resumed,
        Map<String, Double> metrics) {

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** This summary as one line of JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a step summary", e);
        }
    }

    /** Reads a summary written by {@link #toJson()}; unknown fields are ignored. */
    public static StepSummary fromJson(String json) {
        try {
            return JSON.readValue(json, StepSummary.class);
        } catch (JsonProcessingException e) {
            throw DistilleryException.badInput("not a step summary: " + e.getOriginalMessage(), e);
        }
    }
}
