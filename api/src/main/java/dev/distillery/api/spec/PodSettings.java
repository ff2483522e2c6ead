package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where, as whom and with what step pods run: node selection, tolerations, affinity, priority,
 * service account, runtime class, image pull secrets, extra environment and volumes, copied into
 * step pods. {@code spec.pod} holds them for every step, {@code spec.stages[].pod} for the steps of
 * one stage, laid over the former by {@link #overriddenBy}.
 *
 * @param nodeSelector node labels a step pod requires
 * @param tolerations taints step pods tolerate
 * @param affinity step pods' affinity
 * @param priorityClassName the PriorityClass of step pods
 * @param serviceAccountName the ServiceAccount step pods run as
 * @param runtimeClassName the RuntimeClass of step pods
 * @param imagePullSecrets Secrets the kubelet pulls the step image with
 * @param env extra environment variables of the step container
 * @param volumes extra volumes of step pods
 * @param volumeMounts where the step container mounts them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PodSettings(
        @JsonPropertyDescription(
                        "Node labels step pods require (for example a GPU pool). A stage's"
                                + " nodeSelector replaces this one whole; {} clears it.")
                Map<String, String> nodeSelector,
        @JsonPropertyDescription(
                        "Taints step pods tolerate (for example GPU node taints). A stage's"
                                + " tolerations replace these whole; [] clears them.")
                List<Toleration> tolerations,
        @JsonPropertyDescription(
                        "Affinity of step pods. A stage's affinity replaces this one whole.")
                Affinity affinity,
        @Size(max = 253)
                @Pattern(DistillationSpec.DNS_SUBDOMAIN)
                @JsonPropertyDescription("The PriorityClass of step pods.")
                String priorityClassName,
        @Size(max = 253)
                @Pattern(DistillationSpec.DNS_SUBDOMAIN)
                @JsonPropertyDescription(
                        "The ServiceAccount step pods run as; the namespace's default when"
                                + " absent.")
                String serviceAccountName,
        @Size(max = 253)
                @Pattern(DistillationSpec.DNS_SUBDOMAIN)
                @JsonPropertyDescription(
                        "The RuntimeClass of step pods (for example nvidia); the node's default"
                                + " runtime when absent.")
                String runtimeClassName,
        @JsonPropertyDescription(
                        "Secrets holding registry credentials for the step image. Merged by"
                                + " name with a stage's.")
                List<LocalObjectReference> imagePullSecrets,
        @JsonPropertyDescription(
                        "Extra environment variables of the step container (value or"
                                + " valueFrom). Merged by name with a stage's. Names the"
                                + " operator sets (HOME, TMPDIR, AWS_*, DJL_*, ...) are"
                                + " rejected.")
                List<EnvVar> env,
        @JsonPropertyDescription(
                        "Extra volumes of step pods (for example a PersistentVolumeClaim with a"
                                + " dataset cache). Merged by name with a stage's; the names"
                                + " scratch and tmp are the operator's.")
                List<Volume> volumes,
        @JsonPropertyDescription(
                        "Where the step container mounts the volumes: each names a volume of"
                                + " spec.pod or of the stage. Merged by mountPath with a"
                                + " stage's; /scratch and /tmp are the operator's.")
                List<VolumeMount> volumeMounts) {

    /** No settings at all: pods get only what the operator sets. */
    public static final PodSettings NONE =
            new PodSettings(null, null, null, null, null, null, null, null, null, null);

    /**
     * These settings with {@code stage}'s laid over them. A single value a stage sets (runtime and
     * priority class, service account) replaces the spec's. Placement is replaced whole, not
     * merged: a stage's {@code nodeSelector}, {@code tolerations} or {@code affinity}, when given,
     * is the stage's placement, and an empty one clears the spec's (a report step off the GPU
     * pool). Lists of named things are merged as a strategic merge patch merges them: {@code
     * imagePullSecrets}, {@code env} and {@code volumes} by name, {@code volumeMounts} by mount
     * path; a stage's entry replaces the spec's entry with the same key in its place, the others
     * follow the spec's in their order.
     */
    public PodSettings overriddenBy(PodSettings stage) {
        if (stage == null) {
            return this;
        }
        return new PodSettings(
                stage.nodeSelector != null ? stage.nodeSelector : nodeSelector,
                stage.tolerations != null ? stage.tolerations : tolerations,
                stage.affinity != null ? stage.affinity : affinity,
                stage.priorityClassName != null ? stage.priorityClassName : priorityClassName,
                stage.serviceAccountName != null ? stage.serviceAccountName : serviceAccountName,
                stage.runtimeClassName != null ? stage.runtimeClassName : runtimeClassName,
                merged(imagePullSecrets, stage.imagePullSecrets, LocalObjectReference::getName),
                merged(env, stage.env, EnvVar::getName),
                merged(volumes, stage.volumes, Volume::getName),
                merged(volumeMounts, stage.volumeMounts, VolumeMount::getMountPath));
    }

    private static <T> List<T> merged(List<T> spec, List<T> stage, Function<T, String> key) {
        if (stage == null || spec == null) {
            return stage != null ? stage : spec;
        }
        Map<String, T> byKey = new LinkedHashMap<>();
        for (T entry : spec) {
            byKey.put(key.apply(entry), entry);
        }
        for (T entry : stage) {
            byKey.put(key.apply(entry), entry);
        }
        return new ArrayList<>(byKey.values());
    }
}
