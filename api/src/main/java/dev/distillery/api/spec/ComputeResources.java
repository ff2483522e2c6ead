package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * What one step pod requests (and is limited to): CPU, memory and GPUs.
 *
 * @param cpu the CPU quantity
 * @param memory the memory quantity
 * @param gpu whole GPUs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComputeResources(
        @Pattern(CPU_PATTERN)
                @JsonPropertyDescription("CPU request and limit, for example 2 or 500m.")
                String cpu,
        @Pattern(MEMORY_PATTERN)
                @JsonPropertyDescription("Memory request and limit, for example 4Gi or 512Mi.")
                String memory,
        @Min(0)
                @Max(16)
                @JsonPropertyDescription(
                        "Whole GPUs (the operator's GPU resource name, nvidia.com/gpu by"
                                + " default). One GPU trains on it; more train data-parallel."
                                + " Default 0.")
                Integer gpu) {

    /** A CPU quantity: cores, decimal cores or millicores. */
    public static final String CPU_PATTERN = "^([0-9]+(\\.[0-9]+)?|[0-9]+m)$";

    /** A memory quantity with an optional binary or decimal suffix. */
    public static final String MEMORY_PATTERN = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$";

    /** The number of GPUs, 0 when absent. */
    public int gpuCount() {
        return gpu != null ? gpu : 0;
    }
}
