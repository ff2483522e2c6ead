package dev.distillery.nodeagent;

import dev.distillery.nodeagent.model.ClusterObjects;
import dev.distillery.nodeagent.model.ContainerConfigException;
import dev.distillery.nodeagent.model.EnvResolver;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a pod's volumes as host folders below its pod folder: emptyDir (world-writable, like the
 * kubelet's), secret, configMap, downwardAPI and projected (service-account token included), and
 * hostPath as the host path itself. Anything else is a {@link ContainerConfigException}.
 */
final class Volumes {

    /** Issues a service-account token for a pod (the TokenRequest API). */
    interface Tokens {
        String issue(Pod pod, ServiceAccountTokenProjection projection);
    }

    private final ClusterObjects objects;
    private final EnvResolver fields;
    private final Tokens tokens;

    Volumes(ClusterObjects objects, EnvResolver fields, Tokens tokens) {
        this.objects = objects;
        this.fields = fields;
        this.tokens = tokens;
    }

    /** The host folder of each volume of {@code pod}, by name. */
    Map<String, String> prepare(Pod pod, Path podDir) throws IOException {
        Map<String, String> folders = new LinkedHashMap<>();
        List<Volume> volumes = pod.getSpec().getVolumes();
        if (volumes == null) {
            return folders;
        }
        for (Volume volume : volumes) {
            if (volume.getHostPath() != null) {
                folders.put(volume.getName(), volume.getHostPath().getPath());
                continue;
            }
            Path dir = podDir.resolve("volumes").resolve(volume.getName());
            Files.createDirectories(dir);
            if (volume.getEmptyDir() != null) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            } else if (volume.getSecret() != null) {
                secret(
                        pod,
                        dir,
                        volume.getSecret().getSecretName(),
                        volume.getSecret().getItems(),
                        volume.getSecret().getOptional());
            } else if (volume.getConfigMap() != null) {
                configMap(
                        pod,
                        dir,
                        volume.getConfigMap().getName(),
                        volume.getConfigMap().getItems(),
                        volume.getConfigMap().getOptional());
            } else if (volume.getDownwardAPI() != null) {
                downward(pod, dir, volume.getDownwardAPI().getItems());
            } else if (volume.getProjected() != null) {
                for (VolumeProjection source : volume.getProjected().getSources()) {
                    project(pod, dir, source);
                }
            } else {
                throw new ContainerConfigException(
                        "volume "
                                + volume.getName()
                                + ": this kind of volume is not supported by the node agent");
            }
            folders.put(volume.getName(), dir.toString());
        }
        return folders;
    }

    private void project(Pod pod, Path dir, VolumeProjection source) throws IOException {
        if (source.getServiceAccountToken() != null) {
            ServiceAccountTokenProjection token = source.getServiceAccountToken();
            write(dir, token.getPath(), tokens.issue(pod, token));
        } else if (source.getSecret() != null) {
            secret(
                    pod,
                    dir,
                    source.getSecret().getName(),
                    source.getSecret().getItems(),
                    source.getSecret().getOptional());
        } else if (source.getConfigMap() != null) {
            configMap(
                    pod,
                    dir,
                    source.getConfigMap().getName(),
                    source.getConfigMap().getItems(),
                    source.getConfigMap().getOptional());
        } else if (source.getDownwardAPI() != null) {
            downward(pod, dir, source.getDownwardAPI().getItems());
        } else {
            throw new ContainerConfigException(
                    "a projected source the node agent does not support");
        }
    }

    private void secret(Pod pod, Path dir, String name, List<KeyToPath> items, Boolean optional)
            throws IOException {
        Optional<Secret> secret = objects.secret(pod.getMetadata().getNamespace(), name);
        if (secret.isEmpty()) {
            if (Boolean.TRUE.equals(optional)) {
                return;
            }
            throw new ContainerConfigException(
                    "MountVolume.SetUp failed: secret \"" + name + "\" not found");
        }
        Map<String, String> data = new LinkedHashMap<>();
        if (secret.get().getData() != null) {
            secret.get()
                    .getData()
                    .forEach(
                            (k, v) ->
                                    data.put(
                                            k,
                                            new String(
                                                    Base64.getDecoder().decode(v),
                                                    StandardCharsets.UTF_8)));
        }
        files(dir, data, items);
    }

    private void configMap(Pod pod, Path dir, String name, List<KeyToPath> items, Boolean optional)
            throws IOException {
        Optional<ConfigMap> map = objects.configMap(pod.getMetadata().getNamespace(), name);
        if (map.isEmpty()) {
            if (Boolean.TRUE.equals(optional)) {
                return;
            }
            throw new ContainerConfigException(
                    "MountVolume.SetUp failed: configmap \"" + name + "\" not found");
        }
        files(dir, map.get().getData() != null ? map.get().getData() : Map.of(), items);
    }

    private void downward(Pod pod, Path dir, List<DownwardAPIVolumeFile> items) throws IOException {
        for (DownwardAPIVolumeFile item : items) {
            if (item.getFieldRef() == null) {
                throw new ContainerConfigException(
                        "downwardAPI " + item.getPath() + ": only fieldRef is supported");
            }
            write(dir, item.getPath(), fields.field(pod, item.getFieldRef().getFieldPath()));
        }
    }

    private static void files(Path dir, Map<String, String> data, List<KeyToPath> items)
            throws IOException {
        if (items == null || items.isEmpty()) {
            for (Map.Entry<String, String> entry : data.entrySet()) {
                write(dir, entry.getKey(), entry.getValue());
            }
            return;
        }
        for (KeyToPath item : items) {
            String value = data.get(item.getKey());
            if (value == null) {
                throw new ContainerConfigException("couldn't find key " + item.getKey());
            }
            write(dir, item.getPath(), value);
        }
    }

    private static void write(Path dir, String relative, String content) throws IOException {
        if (relative.startsWith("/") || relative.contains("..")) {
            throw new ContainerConfigException("invalid volume file path " + relative);
        }
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
}
