package dev.distillery.nodeagent.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides how a container starts, by the rules a kubelet and an OCI runtime follow: {@code command}
 * replaces the image's ENTRYPOINT and {@code args} its CMD ({@code args} alone keeps the
 * ENTRYPOINT), both with {@code $(VAR)} expanded; the user comes from the container's, then the
 * pod's security context, then the image's USER; the working directory from the container, then the
 * image. Pure: volume folders and user names are looked up through the arguments.
 */
public final class LaunchPlanner {

    /** Where Kubernetes puts a container's termination message unless told otherwise. */
    public static final String TERMINATION_LOG = "/dev/termination-log";

    private LaunchPlanner() {}

    /**
     * The launch of {@code container}.
     *
     * @param env the resolved environment ({@link EnvResolver})
     * @param volumes the host folder of each volume by name
     * @param users a user name's {uid, gid} in the image ({@code /etc/passwd}), if it has one
     */
    public static ContainerLaunch plan(
            Pod pod,
            Container container,
            ImageConfig image,
            Map<String, String> env,
            Map<String, String> volumes,
            Function<String, Optional<long[]>> users) {
        List<String> argv = argv(container, image, env);
        long[] user = user(pod, container, image, users);
        String workingDir =
                nonBlank(container.getWorkingDir())
                        .or(() -> nonBlank(image.workingDir()))
                        .orElse("/");
        SecurityContext security = container.getSecurityContext();
        boolean readOnly =
                security != null && Boolean.TRUE.equals(security.getReadOnlyRootFilesystem());
        return new ContainerLaunch(
                argv,
                env,
                workingDir,
                user[0],
                user[1],
                readOnly,
                mounts(container, volumes),
                nonBlank(container.getTerminationMessagePath()).orElse(TERMINATION_LOG));
    }

    static List<String> argv(Container container, ImageConfig image, Map<String, String> env) {
        List<String> argv = new ArrayList<>();
        List<String> command = container.getCommand();
        List<String> args = container.getArgs();
        boolean hasCommand = command != null && !command.isEmpty();
        boolean hasArgs = args != null && !args.isEmpty();
        if (hasCommand) {
            command.forEach(c -> argv.add(Expansion.expand(c, env)));
        } else {
            argv.addAll(image.entrypoint());
        }
        if (hasArgs) {
            args.forEach(a -> argv.add(Expansion.expand(a, env)));
        } else if (!hasCommand) {
            argv.addAll(image.cmd());
        }
        if (argv.isEmpty()) {
            throw new ContainerConfigException(
                    "no command specified: neither the container nor the image names one");
        }
        return argv;
    }

    private static long[] user(
            Pod pod,
            Container container,
            ImageConfig image,
            Function<String, Optional<long[]>> users) {
        SecurityContext security = container.getSecurityContext();
        PodSecurityContext podSecurity = pod.getSpec().getSecurityContext();
        Long uid = security != null ? security.getRunAsUser() : null;
        Long gid = security != null ? security.getRunAsGroup() : null;
        Boolean nonRoot = security != null ? security.getRunAsNonRoot() : null;
        if (podSecurity != null) {
            uid = uid != null ? uid : podSecurity.getRunAsUser();
            gid = gid != null ? gid : podSecurity.getRunAsGroup();
            nonRoot = nonRoot != null ? nonRoot : podSecurity.getRunAsNonRoot();
        }
        long[] fromImage = imageUser(image.user(), users);
        long resolvedUid = uid != null ? uid : fromImage[0];
        long resolvedGid = gid != null ? gid : fromImage[1];
        if (Boolean.TRUE.equals(nonRoot) && resolvedUid == 0) {
            throw new ContainerConfigException(
                    "container has runAsNonRoot and image will run as root (pod: \""
                            + pod.getMetadata().getName()
                            + "\", container: "
                            + container.getName()
                            + ")");
        }
        return new long[] {resolvedUid, resolvedGid};
    }

    private static long[] imageUser(String user, Function<String, Optional<long[]>> users) {
        if (user == null || user.isBlank()) {
            return new long[] {0, 0};
        }
        String[] parts = user.split(":", 2);
        long[] named;
        if (parts[0].matches("\\d+")) {
            long uid = Long.parseLong(parts[0]);
            named = new long[] {uid, users.apply(parts[0]).map(u -> u[1]).orElse(0L)};
        } else {
            named =
                    users.apply(parts[0])
                            .orElseThrow(
                                    () ->
                                            new ContainerConfigException(
                                                    "the image's user "
                                                            + parts[0]
                                                            + " is not in its /etc/passwd"));
        }
        if (parts.length == 2 && parts[1].matches("\\d+")) {
            return new long[] {named[0], Long.parseLong(parts[1])};
        }
        return named;
    }

    private static List<ContainerLaunch.Mount> mounts(
            Container container, Map<String, String> volumes) {
        List<ContainerLaunch.Mount> mounts = new ArrayList<>();
        if (container.getVolumeMounts() == null) {
            return mounts;
        }
        List<VolumeMount> ordered = new ArrayList<>(container.getVolumeMounts());
        // Parents first, so a mount inside another volume lands on top of it.
        ordered.sort(Comparator.comparing(m -> m.getMountPath().split("/").length));
        for (VolumeMount mount : ordered) {
            String source = volumes.get(mount.getName());
            if (source == null) {
                throw new ContainerConfigException(
                        "volumeMount " + mount.getName() + " names no volume of the pod");
            }
            String subPath = mount.getSubPath();
            if (subPath != null && !subPath.isBlank()) {
                if (subPath.startsWith("/") || subPath.contains("..")) {
                    throw new ContainerConfigException("invalid subPath " + subPath);
                }
                source = source + "/" + subPath;
            }
            mounts.add(
                    new ContainerLaunch.Mount(
                            source,
                            mount.getMountPath(),
                            Boolean.TRUE.equals(mount.getReadOnly())));
        }
        return mounts;
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
