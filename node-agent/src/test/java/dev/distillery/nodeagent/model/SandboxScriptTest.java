package dev.distillery.nodeagent.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxScriptTest {

    @TempDir Path rootfs;

    private static ContainerLaunch launch(boolean readOnly) {
        return new ContainerLaunch(
                List.of("distillery-step", "train", "--name", "it's"),
                Map.of("HOME", "/scratch"),
                "/",
                65532,
                65532,
                readOnly,
                List.of(new ContainerLaunch.Mount("/pods/p/volumes/scratch", "/scratch", false)),
                "/dev/termination-log");
    }

    private static String script(boolean readOnly) {
        return SandboxScript.of(
                launch(readOnly),
                new SandboxScript.Dirs("/img/rootfs", "/c/upper", "/c/work", "/c/root"),
                "/c/termination-log",
                path -> path);
    }

    @Test
    void mountsTheRootVolumesAndMessageFileThenExecsAsTheUserWithOnlyItsEnvironment() {
        String script = script(true);

        assertThat(script)
                .contains("lowerdir=/img/rootfs,upperdir=/c/upper,workdir=/c/work")
                .contains("/usr/bin/mount --bind '/pods/p/volumes/scratch' '/c/root/scratch'")
                .contains(
                        "/usr/bin/mount --bind '/c/termination-log' '/c/root/dev/termination-log'")
                .contains("/usr/bin/env -i 'HOME=/scratch' /usr/bin/unshare --root='/c/root'")
                .contains(
                        "--setgid 65532 --setuid 65532 -- 'distillery-step' 'train' '--name' 'it'\\''s'");
        // The root turns read-only after every mount point was made, just before the start.
        assertThat(script.indexOf("remount,bind,ro '/c/root'\n"))
                .isGreaterThan(script.indexOf("/c/root/dev/termination-log"))
                .isLessThan(script.indexOf("/usr/bin/env -i"));
        assertThat(script).endsWith("exit \"$status\"\n");
        assertThat(script(false)).doesNotContain("remount,bind,ro '/c/root'\n");
    }

    @Test
    void mountPointsFollowTheImagesSymbolicLinksInsideItsRoot() throws Exception {
        Files.createDirectories(rootfs.resolve("run"));
        Files.createDirectories(rootfs.resolve("var"));
        Files.createSymbolicLink(rootfs.resolve("var/run"), Path.of("/run"));
        Files.createSymbolicLink(rootfs.resolve("var/up"), Path.of("../../.."));

        assertThat(RootPaths.resolve(rootfs, "/var/run/secrets/kubernetes.io/serviceaccount"))
                .isEqualTo("/run/secrets/kubernetes.io/serviceaccount");
        assertThat(RootPaths.resolve(rootfs, "/var/up/etc")).isEqualTo("/etc");
    }
}
