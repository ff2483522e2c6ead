package dev.distillery.nodeagent;

import dev.distillery.nodeagent.model.CpuAssignment;
import dev.distillery.nodeagent.model.EnvResolver;
import dev.distillery.nodeagent.model.NodeFacts;
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
