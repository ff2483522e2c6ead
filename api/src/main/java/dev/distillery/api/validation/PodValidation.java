package dev.distillery.api.validation;

import dev.distillery.api.spec.DistillationSpec;
import dev.distillery.api.spec.PodSettings;
import dev.distillery.api.spec.ReservedNames;
import dev.distillery.api.spec.StageName;
import dev.distillery.api.spec.StageSettings;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks {@code spec.pod} and {@code spec.stages}: names Kubernetes would reject, names the
 * operator reserves, duplicates, and volume mounts that name no volume.
 */
final class PodValidation {

    /** What Kubernetes accepts as an environment variable name on every version. */
    private static final String ENV_NAME = "^[-._a-zA-Z][-._a-zA-Z0-9]*$";

    private static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    private PodValidation() {}

    static void pod(DistillationSpec spec, Problems problems) {
        PodSettings pod = spec.pod();
        settings(pod, null, problems.at("spec.pod"));
        Set<StageName> seen = EnumSet.noneOf(StageName.class);
        for (int i = 0; i < spec.stages().size(); i++) {
            StageSettings stage = spec.stages().get(i);
            Problems at = problems.at("spec.stages[" + i + "]");
            if (stage == null) {
                at.add("", "must not be empty: give name and what to set");
                continue;
            }
            if (stage.name() == null) {
                at.add(".name", "is required: teacher, softLabels, students, report or online");
            } else if (!seen.add(stage.name())) {
                at.add(".name", "'" + stage.name().label() + "' appears in stages more than once");
            }
            if (stage.activeDeadlineSeconds() != null && stage.activeDeadlineSeconds() < 1) {
                at.add(
                        ".activeDeadlineSeconds",
                        "must be at least 1, not " + stage.activeDeadlineSeconds());
            }
            if (stage.pod() != null) {
                settings(stage.pod(), pod, at.at(".pod"));
            }
        }
    }

    /**
     * One level of pod settings; {@code spec} is the spec-level settings a stage's are laid over,
     * or {@code null} for the spec level itself.
     */
    private static void settings(PodSettings pod, PodSettings spec, Problems problems) {
        problems.dnsSubdomain(".priorityClassName", pod.priorityClassName());
        problems.dnsSubdomain(".serviceAccountName", pod.serviceAccountName());
        problems.dnsSubdomain(".runtimeClassName", pod.runtimeClassName());
        pullSecrets(pod.imagePullSecrets(), problems);
        env(pod.env(), problems);
        Set<String> volumes = volumes(pod.volumes(), problems);
        if (spec != null && spec.volumes() != null) {
            spec.volumes().forEach(volume -> volumes.add(volume.getName()));
        }
        mounts(pod.volumeMounts(), volumes, spec != null, problems);
    }

    private static void pullSecrets(List<LocalObjectReference> secrets, Problems problems) {
        for (int i = 0; secrets != null && i < secrets.size(); i++) {
            String name = secrets.get(i) != null ? secrets.get(i).getName() : null;
            String path = ".imagePullSecrets[" + i + "].name";
            if (name == null || name.isBlank()) {
                problems.add(path, "is required: the name of a Secret of type dockerconfigjson");
            } else {
                problems.dnsSubdomain(path, name);
            }
        }
    }

    private static void env(List<EnvVar> env, Problems problems) {
        Set<String> names = new HashSet<>();
        for (int i = 0; env != null && i < env.size(); i++) {
            EnvVar variable = env.get(i) != null ? env.get(i) : new EnvVar();
            String path = ".env[" + i + "]";
            String name = variable.getName();
            if (name == null || name.isEmpty()) {
                problems.add(path + ".name", "is required");
            } else if (!name.matches(ENV_NAME)) {
                problems.add(
                        path + ".name",
                        "'"
                                + name
                                + "' is not an environment variable name (letters, digits,"
                                + " '_', '-', '.', not starting with a digit)");
            } else if (ReservedNames.ENV.contains(name)) {
                problems.add(
                        path + ".name",
                        "'"
                                + name
                                + "' is set by the operator for the step (reserved: "
                                + String.join(", ", ReservedNames.ENV)
                                + "); storage settings come from spec.storage");
            } else if (!names.add(name)) {
                problems.add(path + ".name", "'" + name + "' is set twice in this list");
            }
            if (variable.getValue() != null && variable.getValueFrom() != null) {
                problems.add(path, "set value or valueFrom, not both");
            }
        }
    }

    /** Checks the volumes of one level and returns their names. */
    private static Set<String> volumes(List<Volume> volumes, Problems problems) {
        Set<String> names = new HashSet<>();
        for (int i = 0; volumes != null && i < volumes.size(); i++) {
            String name = volumes.get(i) != null ? volumes.get(i).getName() : null;
            String path = ".volumes[" + i + "].name";
            if (name == null || name.isEmpty()) {
                problems.add(path, "is required");
            } else if (name.length() > 63 || !name.matches(DNS_LABEL)) {
                problems.add(
                        path,
                        "'"
                                + name
                                + "' must be a DNS-1123 label (at most 63 lowercase letters,"
                                + " digits and '-')");
            } else if (ReservedNames.VOLUMES.contains(name)) {
                problems.add(
                        path,
                        "'"
                                + name
                                + "' is the operator's volume (reserved: "
                                + String.join(", ", ReservedNames.VOLUMES)
                                + "): choose another name");
            } else if (!names.add(name)) {
                problems.add(path, "'" + name + "' is defined twice in this list");
            }
        }
        return names;
    }

    private static void mounts(
            List<VolumeMount> mounts, Set<String> volumes, boolean stage, Problems problems) {
        Set<String> paths = new HashSet<>();
        for (int i = 0; mounts != null && i < mounts.size(); i++) {
            VolumeMount mount = mounts.get(i) != null ? mounts.get(i) : new VolumeMount();
            String path = ".volumeMounts[" + i + "]";
            String name = mount.getName();
            if (name == null || name.isEmpty()) {
                problems.add(path + ".name", "is required: the name of a volume to mount");
            } else if (!volumes.contains(name)) {
                problems.add(
                        path + ".name",
                        "'"
                                + name
                                + "' names no volume of "
                                + (stage
                                        ? "this stage's pod.volumes or spec.pod.volumes"
                                        : "spec.pod.volumes"));
            }
            String mountPath = mount.getMountPath();
            if (mountPath == null || !mountPath.startsWith("/")) {
                problems.add(
                        path + ".mountPath",
                        mountPath == null
                                ? "is required: an absolute path"
                                : "'" + mountPath + "' must be an absolute path");
            } else if (ReservedNames.MOUNT_PATHS.contains(normalized(mountPath))) {
                problems.add(
                        path + ".mountPath",
                        "'"
                                + mountPath
                                + "' is where the operator mounts its own volume"
                                + " (reserved: "
                                + String.join(", ", ReservedNames.MOUNT_PATHS)
                                + ")");
            } else if (!paths.add(normalized(mountPath))) {
                problems.add(
                        path + ".mountPath", "'" + mountPath + "' is mounted twice in this list");
            }
        }
    }

    private static String normalized(String path) {
        String trimmed = path.replaceAll("/+", "/");
        return trimmed.length() > 1 && trimmed.endsWith("/")
                ? trimmed.substring(0, trimmed.length() - 1)
                : trimmed;
    }
}
