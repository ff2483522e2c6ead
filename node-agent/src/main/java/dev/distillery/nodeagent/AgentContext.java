package dev.distillery.nodeagent;

import dev.distillery.nodeagent.model.CpuAssignment;
import dev.distillery.nodeagent.model.EnvResolver;
import dev.distillery.nodeagent.model.NodeFacts;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What every pod worker of the agent shares: the node's facts, its images, the environment
 * resolver, volumes, the status reporter, and where pods' files and logs live.
 *
 * @param facts the node
 * @param images the node's images
 * @param env resolves containers' environments
 * @param volumes makes pods' volumes
 * @param reporter sends pod statuses
 * @param archives the folder of OCI archives (for messages)
 * @param podsDir one folder per running pod (volumes, overlay layers), removed when it ends
 * @param logsDir one folder per pod with a log per container run, kept
 * @param cpus the CPUs containers with whole-CPU limits get for their own
 */
record AgentContext(
        NodeFacts facts,
        ImageStore images,
        EnvResolver env,
        Volumes volumes,
        StatusReporter reporter,
        Path archives,
        Path podsDir,
        Path logsDir,
        CpuAssignment cpus) {

    /** The name of a pod's folders under {@link #podsDir} and {@link #logsDir}. */
    static String podFolder(Pod pod) {
        return pod.getMetadata().getNamespace()
                + "_"
                + pod.getMetadata().getName()
                + "_"
                + pod.getMetadata().getUid();
    }

    /**
     * The log of run {@code restart} of a pod's container, below {@code logsDir}: {@code
     * <namespace>_<pod>_<uid>/<container>/<restart>.log}, where the pod worker writes it and the
     * log server reads it.
     */
    static Path containerLog(Path logsDir, Pod pod, String container, int restart) {
        return logsDir.resolve(podFolder(pod)).resolve(container).resolve(restart + ".log");
    }

    /** Now, as Kubernetes writes times (RFC 3339, seconds). */
    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Removes a pod's folder (its mounts went away with its mount namespaces). */
    void remove(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Process rm =
                    new ProcessBuilder(List.of("rm", "-rf", "--one-file-system", dir.toString()))
                            .inheritIO()
                            .start();
            rm.waitFor(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
