package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * Where and as whom step pods run: node selection, tolerations, affinity, priority and service
 * account, copied into every step pod.
 *
 * @param nodeSelector node labels a step pod requires
 * @param tolerations taints step pods tolerate
 * @param affinity step pods' affinity
 * @param priorityClassName the PriorityClass of step pods
 * @param serviceAccountName the ServiceAccount step pods run as
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PodSettings(
        @JsonPropertyDescription("Node labels every step pod requires (for example a GPU pool).")
                Map<String, String> nodeSelector,
        @JsonPropertyDescription("Taints every step pod tolerates (for example GPU node taints).")
                List<Toleration> tolerations,
        @JsonPropertyDescription("Affinity of every step pod.") Affinity affinity,
        @Size(max = 253)
                @Pattern(DistillationSpec.DNS_SUBDOMAIN)
                @JsonPropertyDescription("The PriorityClass of every step pod.")
                String priorityClassName,
        @Size(max = 253)
                @Pattern(DistillationSpec.DNS_SUBDOMAIN)
                @JsonPropertyDescription(
                        "The ServiceAccount step pods run as; the namespace's default when"
                                + " absent.")
                String serviceAccountName) {}
