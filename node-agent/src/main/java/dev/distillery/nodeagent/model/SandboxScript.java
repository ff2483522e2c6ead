package dev.distillery.nodeagent.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The shell script that turns a fresh mount and PID namespace into a container and runs its
 * process: the image's root filesystem under a per-container overlay, {@code /proc}, a minimal
 * {@code /dev}, the host's {@code /etc/hosts} and {@code /etc/resolv.conf} (pods share the host
 * network), the volumes, the termination-message file, the root made read-only when asked, then
 * {@code unshare --root --wd --setgid --setuid} with the container's environment only, as a child
 * of the script, which reports its exit status ({@link #supervise}). Pure: it only writes text;
 * host tools are named by absolute path.
 */
public final class SandboxScript {

    private static final List<String> DEVICES =
            List.of("null", "zero", "full", "random", "urandom", "tty");

    private SandboxScript() {}

    /**
     * The script for {@code launch}.
     *
     * @param dirs the overlay's lower (the unpacked image), upper and work folders and its mount
     *     point
     * @param terminationLog the host file bound at the termination-message path
     * @param resolve a container path with symbolic links of the image resolved inside it, so that
     *     no mount point escapes the root
     */
    public static String of(
            ContainerLaunch launch,
            Dirs dirs,
            String terminationLog,
            UnaryOperator<String> resolve) {
        String root = dirs.root();
        List<String> lines = new ArrayList<>();
        lines.add("#!/bin/sh");
        lines.add("# Written by the distillery node agent; runs in the container's namespaces.");
        lines.add("set -eu");
        lines.add(
                "/usr/bin/mount -t overlay overlay -o "
                        + quote(
                                "lowerdir="
                                        + dirs.lower()
                                        + ",upperdir="
                                        + dirs.upper()
                                        + ",workdir="
                                        + dirs.work())
                        + " "
                        + quote(root));
        lines.add("/usr/bin/mkdir -p " + quote(root + "/proc") + " " + quote(root + "/dev"));
        lines.add("/usr/bin/mount -t proc proc " + quote(root + "/proc"));
        lines.add(
                "/usr/bin/mount -t tmpfs -o nosuid,mode=755,size=65536k tmpfs "
                        + quote(root + "/dev"));
        for (String device : DEVICES) {
            String target = quote(root + "/dev/" + device);
            lines.add("/usr/bin/touch " + target);
            lines.add("/usr/bin/mount --bind /dev/" + device + " " + target);
        }
        lines.add("/usr/bin/mkdir -p " + quote(root + "/dev/shm") + " " + quote(root + "/dev/pts"));
        lines.add(
                "/usr/bin/mount -t tmpfs -o nosuid,nodev,mode=1777,size=65536k shm "
                        + quote(root + "/dev/shm"));
        for (String[] link :
                new String[][] {
                    {"/proc/self/fd", "fd"},
                    {"/proc/self/fd/0", "stdin"},
                    {"/proc/self/fd/1", "stdout"},
                    {"/proc/self/fd/2", "stderr"}
                }) {
            lines.add("/usr/bin/ln -s " + link[0] + " " + quote(root + "/dev/" + link[1]));
        }
        for (String file : List.of("/etc/hosts", "/etc/resolv.conf")) {
            bind(lines, file, root + resolve.apply(file), true, false);
        }
        for (ContainerLaunch.Mount mount : launch.mounts()) {
            bind(
                    lines,
                    mount.source(),
                    root + resolve.apply(mount.target()),
                    mount.readOnly(),
                    true);
        }
        bind(
                lines,
                terminationLog,
                root + resolve.apply(launch.terminationMessagePath()),
                false,
                false);
        String workingDir = resolve.apply(launch.workingDir());
        lines.add("/usr/bin/mkdir -p " + quote(root + workingDir));
        if (launch.readOnlyRoot()) {
            lines.add("/usr/bin/mount -o remount,bind,ro " + quote(root));
        }
        StringBuilder command = new StringBuilder("/usr/bin/env -i");
        for (Map.Entry<String, String> variable : launch.env().entrySet()) {
            command.append(' ').append(quote(variable.getKey() + "=" + variable.getValue()));
        }
        command.append(" /usr/bin/unshare --root=")
                .append(quote(root))
                .append(" --wd=")
                .append(quote(launch.workingDir()))
                .append(" --setgid ")
                .append(launch.gid())
                .append(" --setuid ")
                .append(launch.uid())
                .append(" --");
        for (String arg : launch.argv()) {
            command.append(' ').append(quote(arg));
        }
        lines.addAll(supervise(command.toString()));
        return String.join("\n", lines) + "\n";
    }

    /**
     * The last lines of the script, which stays the PID namespace's init: it runs {@code command}
     * as its child, passes SIGTERM and SIGINT on, and exits with the child's status as a shell
     * reports it, 128 + the signal for a child killed by one (137 for SIGKILL), as a kubelet
     * reports a container's exit code. Not exec'ing the container matters: {@code unshare --fork}
     * (util-linux 2.38), the namespace's parent, turns a child killed by SIGKILL into exit code 1.
     */
    public static List<String> supervise(String command) {
        return List.of(
                command + " &",
                "child=$!",
                "trap 'kill -TERM \"$child\" 2>/dev/null' TERM",
                "trap 'kill -INT \"$child\" 2>/dev/null' INT",
                "wait \"$child\"",
                "status=$?",
                "while kill -0 \"$child\" 2>/dev/null; do wait \"$child\"; status=$?; done",
                "exit \"$status\"");
    }

    /** Binds a host folder (or file) onto a path of the root, making the mount point first. */
    private static void bind(
            List<String> lines, String source, String target, boolean readOnly, boolean folder) {
        String quoted = quote(target);
        if (folder) {
            lines.add("if [ -d " + quote(source) + " ]; then /usr/bin/mkdir -p " + quoted + ";");
            lines.add(
                    "else /usr/bin/mkdir -p \"$(/usr/bin/dirname "
                            + quoted
                            + ")\"; [ -e "
                            + quoted
                            + " ] || /usr/bin/touch "
                            + quoted
                            + "; fi");
        } else {
            lines.add("/usr/bin/mkdir -p \"$(/usr/bin/dirname " + quoted + ")\"");
            lines.add("[ -e " + quoted + " ] || /usr/bin/touch " + quoted);
        }
        lines.add("/usr/bin/mount --bind " + quote(source) + " " + quoted);
        if (readOnly) {
            lines.add("/usr/bin/mount -o remount,bind,ro " + quoted);
        }
    }

    /** {@code value} as one single-quoted shell word. */
    public static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * The folders of a container's root filesystem.
     *
     * @param lower the unpacked image, shared by every container of that image
     * @param upper this container's writable layer
     * @param work the overlay's work folder
     * @param root the mount point of the container's root
     */
    public record Dirs(String lower, String upper, String work, String root) {}
}
