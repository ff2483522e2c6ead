package dev.distillery.nodeagent;

import dev.distillery.nodeagent.model.ContainerConfigException;
import dev.distillery.nodeagent.model.ContainerLaunch;
import dev.distillery.nodeagent.model.ContainerView;
import dev.distillery.nodeagent.model.LaunchPlanner;
import dev.distillery.nodeagent.model.RootPaths;
import dev.distillery.nodeagent.model.SandboxScript;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pod on the node, as a kubelet's pod worker does: its volumes, then each container (image
 * found and unpacked, environment and user resolved, started in its own mount and PID namespaces,
 * restarted by the pod's restart policy with back-off), reporting every change of state; {@link
 * #stop} terminates the containers (SIGTERM, SIGKILL after the grace period).
 */
final class PodWorker {

    private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);
    private static final int MAX_MESSAGE = 4096;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final Pod pod;
    private volatile Pod latest;
    private final AgentContext agent;
    private final Path podDir;
    private final List<ContainerView> views = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final String startTime;
    private volatile boolean deleting;
    private volatile boolean containersDone;

    PodWorker(Pod pod, AgentContext agent) {
        this.pod = pod;
        this.latest = pod;
        this.agent = agent;
        this.podDir = agent.podsDir().resolve(AgentContext.podFolder(pod));
        this.startTime = AgentContext.now();
        for (Container container : pod.getSpec().getContainers()) {
            views.add(
                    ContainerView.waiting(
                            container.getName(), container.getImage(), "ContainerCreating", null));
        }
    }

    Pod pod() {
        return pod;
    }

    /** The pod as the API server last showed it (its conditions' times are kept). */
    void update(Pod seen) {
        latest = seen;
    }

    /** Runs the pod to its end (or until stopped), then removes its folder; logs stay. */
    void run() {
        try {
            report();
            Map<String, String> volumes = volumes();
            if (volumes == null) {
                return;
            }
            List<Thread> threads = new ArrayList<>();
            List<Container> containers = pod.getSpec().getContainers();
            for (int i = 0; i < containers.size(); i++) {
                int index = i;
                Thread thread =
                        new Thread(
                                () -> runContainer(index, containers.get(index), volumes),
                                "container-" + pod.getMetadata().getName() + "-" + index);
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            containersDone = true;
            report();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | IOException e) {
            LOG.warn("event=PodWorkerFailed pod={} error={}", name(), e.toString());
        } finally {
            try {
                agent.remove(podDir);
            } catch (IOException e) {
                LOG.warn("event=PodCleanupFailed pod={} error={}", name(), e.toString());
            }
        }
    }

    /** Stops the pod: SIGTERM to each container's process, SIGKILL after {@code grace}. */
    void stop(Duration grace) {
        deleting = true;
        stopped.countDown();
        List<Process> running;
        synchronized (processes) {
            running = List.copyOf(processes);
        }
        for (Process process : running) {
            process.toHandle().children().forEach(ProcessHandle::destroy);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (Process process : running) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    boolean deleting() {
        return deleting;
    }

    /**
     * Whether the pod still holds the node's resources: until its containers have ended. A kubelet
     * admits against its active pods only; counting a pod whose folder is still being removed
     * refused the pod the scheduler had bound in its place (OutOfcpu).
     */
    boolean active() {
        return !containersDone;
    }

    private Map<String, String> volumes() throws IOException {
        while (!deleting) {
            try {
                return agent.volumes().prepare(pod, podDir);
            } catch (ContainerConfigException e) {
                for (int i = 0; i < views.size(); i++) {
                    set(i, ContainerView.waitingState("ContainerCreating", e.getMessage()));
                }
                if (pause(Duration.ofSeconds(5))) {
                    return null;
                }
            }
        }
        return null;
    }

    private void runContainer(int index, Container container, Map<String, String> volumes) {
        int restarts = 0;
        int pullAttempts = 0;
        int configAttempts = 0;
        while (!deleting) {
            try {
                Optional<ImageStore.Found> found = agent.images().find(container.getImage());
                if (found.isEmpty()) {
                    set(
                            index,
                            ContainerView.waitingState(
                                    pullAttempts == 0 ? "ErrImagePull" : "ImagePullBackOff",
                                    "image "
                                            + container.getImage()
                                            + " is not among the node's OCI archives in "
                                            + agent.archives()
                                            + " (build it: images/build)"));
                    if (pause(backoff(pullAttempts++))) {
                        return;
                    }
                    continue;
                }
                ImageStore.Unpacked image = agent.images().unpack(found.get());
                ContainerLaunch launch;
                try {
                    Map<String, String> env = agent.env().resolve(pod, container, image.config());
                    launch =
                            LaunchPlanner.plan(
                                    pod,
                                    container,
                                    image.config(),
                                    env,
                                    volumes,
                                    user -> Users.lookup(image.rootfs(), user));
                } catch (ContainerConfigException e) {
                    set(
                            index,
                            ContainerView.waitingState(
                                    "CreateContainerConfigError", e.getMessage()));
                    if (pause(backoff(configAttempts++))) {
                        return;
                    }
                    continue;
                }
                ContainerState terminated = start(index, container, image, launch, restarts);
                String policy = pod.getSpec().getRestartPolicy();
                int exitCode = terminated.getTerminated().getExitCode();
                if (deleting
                        || "Never".equals(policy)
                        || ("OnFailure".equals(policy) && exitCode == 0)) {
                    return;
                }
                Duration wait = backoff(restarts);
                restarts++;
                ContainerView last = views(index);
                synchronized (views) {
                    views.set(
                            index,
                            new ContainerView(
                                    last.name(),
                                    last.image(),
                                    last.imageId(),
                                    last.containerId(),
                                    restarts,
                                    ContainerView.waitingState(
                                            "CrashLoopBackOff",
                                            "back-off "
                                                    + wait.toSeconds()
                                                    + "s restarting failed container="
                                                    + container.getName()),
                                    terminated));
                }
                report();
                if (pause(wait)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn(
                        "event=ContainerFailed pod={} container={} error={}",
                        name(),
                        container.getName(),
                        e.toString());
                set(index, ContainerView.waitingState("RunContainerError", e.getMessage()));
                if (pause(backoff(configAttempts++))) {
                    return;
                }
            }
        }
    }

    /** Starts the container, reports it running, waits for it and reports how it ended. */
    private ContainerState start(
            int index,
            Container container,
            ImageStore.Unpacked image,
            ContainerLaunch launch,
            int restart)
            throws IOException, InterruptedException {
        Path dir =
                podDir.resolve("containers")
                        .resolve(container.getName())
                        .resolve(String.valueOf(restart));
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Path root = Files.createDirectories(dir.resolve("root"));
        Path terminationLog = dir.resolve("termination-log");
        Files.writeString(terminationLog, "");
        Files.setPosixFilePermissions(terminationLog, PosixFilePermissions.fromString("rw-rw-rw-"));
        String script =
                SandboxScript.of(
                        launch,
                        new SandboxScript.Dirs(
                                image.rootfs().toString(),
                                upper.toString(),
                                work.toString(),
                                root.toString()),
                        terminationLog.toString(),
                        path -> RootPaths.resolve(image.rootfs(), path));
        Path scriptFile = dir.resolve("start.sh");
        Files.writeString(scriptFile, script);
        Path log = AgentContext.containerLog(agent.logsDir(), pod, container.getName(), restart);
        Files.createDirectories(log.getParent());
        String owner = pod.getMetadata().getUid() + "/" + container.getName();
        List<Integer> pinned = agent.cpus().assign(owner, container);
        try {
            List<String> command = new ArrayList<>();
            if (!pinned.isEmpty()) {
                command.addAll(List.of("/usr/bin/taskset", "--cpu-list", cpuList(pinned)));
            }
            command.addAll(
                    List.of(
                            "/usr/bin/setpriv",
                            "--pdeathsig",
                            "KILL",
                            "--",
                            "/usr/bin/unshare",
                            "--mount",
                            "--pid",
                            "--fork",
                            "--kill-child",
                            "--propagation",
                            "private",
                            "--",
                            "/bin/sh",
                            scriptFile.toString()));
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
            String containerId =
                    "distillery://"
                            + pod.getMetadata().getUid()
                            + "/"
                            + container.getName()
                            + "/"
                            + restart;
            String started = AgentContext.now();
            Process process;
            synchronized (processes) {
                if (deleting) {
                    return terminated(
                            137,
                            "Error",
                            "the pod was deleted before the container started",
                            started,
                            started,
                            containerId);
                }
                process = builder.start();
                processes.add(process);
            }
            ContainerView last = views(index);
            synchronized (views) {
                views.set(
                        index,
                        new ContainerView(
                                last.name(),
                                last.image(),
                                image.found().imageId(),
                                containerId,
                                restart,
                                new ContainerStateBuilder()
                                        .withNewRunning()
                                        .withStartedAt(started)
                                        .endRunning()
                                        .build(),
                                last.lastState()));
            }
            LOG.info(
                    "event=ContainerStarted pod={} container={} restart={} cpus={} log={}",
                    name(),
                    container.getName(),
                    restart,
                    pinned.isEmpty() ? "shared" : cpuList(pinned),
                    log);
            report();
            int exitCode = process.waitFor();
            synchronized (processes) {
                processes.remove(process);
            }
            String message =
                    message(terminationLog, log, exitCode, container.getTerminationMessagePolicy());
            ContainerState terminated =
                    terminated(
                            exitCode,
                            exitCode == 0 ? "Completed" : "Error",
                            message,
                            started,
                            AgentContext.now(),
                            containerId);
            set(index, terminated);
            LOG.info(
                    "event=ContainerExited pod={} container={} exitCode={}",
                    name(),
                    container.getName(),
                    exitCode);
            return terminated;
        } finally {
            agent.cpus().release(owner);
        }
    }

    /** {@code taskset}'s list of CPUs: {@code 0,1}. */
    private static String cpuList(List<Integer> cpus) {
        return cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static ContainerState terminated(
            int exitCode,
            String reason,
            String message,
            String started,
            String finished,
            String id) {
        return new ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withReason(reason)
                .withMessage(message == null || message.isEmpty() ? null : message)
                .withStartedAt(started)
                .withFinishedAt(finished)
                .withContainerID(id)
                .endTerminated()
                .build();
    }

    /** The termination message, or with FallbackToLogsOnError the log's tail after a failure. */
    private static String message(Path terminationLog, Path log, int exitCode, String policy)
            throws IOException {
        String message = head(Files.readAllBytes(terminationLog));
        if (message.isBlank() && exitCode != 0 && "FallbackToLogsOnError".equals(policy)) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String tail =
                    String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
            message = tail.length() > 2048 ? tail.substring(tail.length() - 2048) : tail;
        }
        return message;
    }

    private static String head(byte[] bytes) {
        String text =
                new String(bytes, 0, Math.min(bytes.length, MAX_MESSAGE), StandardCharsets.UTF_8);
        return text;
    }

    private ContainerView views(int index) {
        synchronized (views) {
            return views.get(index);
        }
    }

    private void set(int index, ContainerState state) {
        synchronized (views) {
            views.set(index, views.get(index).with(state));
        }
        report();
    }

    /** Sends the pod's status when it changed. */
    void report() {
        List<ContainerView> snapshot;
        synchronized (views) {
            snapshot = List.copyOf(views);
        }
        agent.reporter().report(latest, snapshot, startTime, deleting);
    }

    /** Waits, unless the pod is stopped first; returns whether it was. */
    private boolean pause(Duration wait) {
        try {
            return stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** 10 s, doubling per attempt, at most 5 minutes (the kubelet's back-off). */
    static Duration backoff(int attempt) {
        Duration wait = Duration.ofSeconds(10L << Math.min(attempt, 5));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private String name() {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
