package dev.distillery.nodeagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit code a container reports when its process is killed, with the real {@code unshare} the
 * node agent starts a pod's PID namespace with: 137 for SIGKILL (OOM killer, {@code kill -9}), 143
 * for SIGTERM, as a kubelet reports them. Before the script supervised its container, {@code
 * unshare --fork} turned SIGKILL into exit code 1 (util-linux 2.38), which a Job's pod failure
 * policy reads as a step's bug.
 */
class ContainerExitCodeTest {

    @TempDir Path dir;

    @Test
    void aContainerKilledBySigkillExitsWith137() throws Exception {
        Process namespace = start();
        ProcessHandle container = container(namespace);

        new ProcessBuilder("kill", "-KILL", String.valueOf(container.pid())).start().waitFor();

        assertThat(namespace.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(namespace.exitValue()).isEqualTo(137);
    }

    @Test
    void terminatingThePodPassesSigtermToTheContainer() throws Exception {
        Process namespace = start();
        ProcessHandle container = container(namespace);

        // What PodWorker.stop does: SIGTERM to the namespace's init, the script.
        namespace.toHandle().children().forEach(ProcessHandle::destroy);

        assertThat(namespace.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(namespace.exitValue()).isEqualTo(143);
        assertThat(container.isAlive()).isFalse();
    }

    @Test
    void aContainerThatExitsReportsItsOwnCode() throws Exception {
        Process namespace = start(List.of("/bin/sh -c 'exit 65'"));

        assertThat(namespace.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(namespace.exitValue()).isEqualTo(65);
    }

    private Process start() throws IOException {
        return start(List.of("/bin/sleep 300"));
    }

    /** The script's supervision of {@code command}, in a PID namespace as PodWorker starts it. */
    private Process start(List<String> command) throws IOException {
        assumeThat(new com.sun.security.auth.module.UnixSystem().getUid())
                .as("a PID namespace needs root, as the node agent does")
                .isZero();
        Path script = dir.resolve("start.sh");
        Files.write(script, SandboxScript.supervise(command.get(0)));
        return new ProcessBuilder(
                        "/usr/bin/unshare",
                        "--mount",
                        "--pid",
                        "--fork",
                        "--kill-child",
                        "--propagation",
                        "private",
                        "--",
                        "/bin/sh",
                        script.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile())
                .start();
    }

    /** The container's process: the script's child, once it runs. */
    private static ProcessHandle container(Process namespace) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            Optional<ProcessHandle> child =
                    namespace
                            .toHandle()
                            .children()
                            .flatMap(ProcessHandle::children)
                            .filter(p -> p.info().command().orElse("").endsWith("sleep"))
                            .findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the container's process did not start");
    }
}
