package dev.distillery.cli.cluster;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import dev.distillery.api.status.BestStudent;
import dev.distillery.api.status.Conditions;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.StudentStatus;
import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code submit -f FILE [--wait]}: creates the Distillation on the cluster and, with {@code
 * --wait}, waits for its Succeeded or Failed condition; the exit code follows the result. The
 * command of the Kubeflow Pipelines component (examples/kubeflow).
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = {
            "Create a Distillation on the cluster; with --wait, wait until it Succeeded (exit 0) or"
                    + " Failed (exit 1).",
            "Exit codes: 0 done, 1 the Distillation failed, 65 invalid spec or refused by the"
                    + " cluster, 75 cluster unreachable or --timeout passed."
        })
public final class SubmitCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClusterOptions cluster;

    @Option(
            names = {"-f", "--file"},
            required = true,
            paramLabel = "FILE",
            description = "The Distillation spec (YAML), as kubectl apply takes it.")
    Path file;

    @Option(names = "--wait", description = "Wait until the Distillation Succeeded or Failed.")
    boolean waitForResult;

    @Option(
            names = "--timeout",
            defaultValue = "24h",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Longest wait (30s, 15m, 2h or ISO-8601). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(
            names = "--best-artifact-file",
            paramLabel = "FILE",
            description = "With --wait: write the best student's artifact URI to FILE.")
    Path bestArtifactFile;

    @Option(
            names = "--accuracy-file",
            paramLabel = "FILE",
            description = "With --wait: write the best student's test accuracy (0 to 1) to FILE.")
    Path accuracyFile;

    @Option(
            names = "--report-file",
            paramLabel = "FILE",
            description = "With --wait: write the report's URI to FILE.")
    Path reportFile;

    @Override
    public Integer call() {
        Distillation distillation = DistillationYaml.read(file);
        PrintWriter out = spec.commandLine().getOut();
        try (KubernetesClient client = cluster.client()) {
            String namespace = namespace(distillation, client);
            String name = distillation.getMetadata().getName();
            distillation.getMetadata().setNamespace(namespace);
            if (ClusterOptions.call(() -> cluster.distillations(client).withName(name).get())
                    != null) {
                throw DistilleryException.badInput(
                        "Distillation "
                                + name
                                + " already exists in namespace "
                                + namespace
                                + ": delete it (distillery delete "
                                + name
                                + ") or give this one another metadata.name");
            }
            ClusterOptions.call(() -> ClusterOptions.all(client).resource(distillation).create());
            out.println(
                    "distillation.distillery.dev/" + name + " created in namespace " + namespace);
            out.flush();
            if (!waitForResult) {
                return ExitCodes.OK;
            }
            Distillation done = awaitResult(client, namespace, name);
            return report(done, out);
        }
    }

    private String namespace(Distillation distillation, KubernetesClient client) {
        String inFile = distillation.getMetadata().getNamespace();
        String chosen = cluster.namespace(client);
        if (inFile != null && cluster.namespace != null && !inFile.equals(cluster.namespace)) {
            throw DistilleryException.badInput(
                    file
                            + " names namespace "
                            + inFile
                            + " but --namespace is "
                            + cluster.namespace
                            + ": drop one of them");
        }
        if (inFile != null) {
            cluster.namespace = inFile;
            return inFile;
        }
        return chosen;
    }

    private Distillation awaitResult(KubernetesClient client, String namespace, String name) {
        try {
            Distillation done =
                    ClusterOptions.call(
                            () ->
                                    ClusterOptions.all(client)
                                            .inNamespace(namespace)
                                            .withName(name)
                                            .waitUntilCondition(
                                                    d -> d == null || finished(d.getStatus()),
                                                    timeout.toMillis(),
                                                    TimeUnit.MILLISECONDS));
            if (done == null) {
                throw new DistilleryException(
                        ExitCodes.FAILURE,
                        "Distillation " + name + " was deleted before it finished");
            }
            return done;
        } catch (KubernetesClientTimeoutException e) {
            throw new DistilleryException(
                    ExitCodes.TRANSIENT,
                    "Distillation "
                            + name
                            + " has not finished after "
                            + timeout
                            + "; follow it with: distillery get "
                            + name
                            + " -n "
                            + namespace,
                    e);
        }
    }

    static boolean finished(DistillationStatus status) {
        return Conditions.isTrue(status, Conditions.SUCCEEDED)
                || Conditions.isTrue(status, Conditions.FAILED);
    }

    private int report(Distillation done, PrintWriter out) {
        DistillationStatus status = done.getStatus();
        String name = done.getMetadata().getName();
        if (!Conditions.isTrue(status, Conditions.SUCCEEDED)) {
            Condition failed = Conditions.get(status, Conditions.FAILED).orElseThrow();
            throw new DistilleryException(
                    ExitCodes.FAILURE,
                    "Distillation "
                            + name
                            + " Failed ("
                            + failed.getReason()
                            + "): "
                            + failed.getMessage());
        }
        BestStudent best = status.getBest();
        String artifact = bestArtifact(status);
        out.println(
                "distillation.distillery.dev/"
                        + name
                        + " Succeeded: best "
                        + (best == null ? "none" : best.getName())
                        + ", test accuracy "
                        + (best == null ? "none" : DistillationView.percent(best.getAccuracy()))
                        + ", artifact "
                        + (artifact == null ? "none" : artifact)
                        + ", report "
                        + (status.getReport() == null ? "none" : status.getReport()));
        write(bestArtifactFile, artifact == null ? "" : artifact);
        write(
                accuracyFile,
                best == null || best.getAccuracy() == null ? "" : best.getAccuracy().toString());
        write(reportFile, status.getReport() == null ? "" : status.getReport());
        return ExitCodes.OK;
    }

    /** The artifact of the best student's selected variant (its first seed when swept). */
    static String bestArtifact(DistillationStatus status) {
        BestStudent best = status.getBest();
        if (best == null || status.getStudents() == null) {
            return null;
        }
        return status.getStudents().stream()
                .filter(s -> Objects.equals(s.getName(), best.getName()))
                .map(StudentStatus::getArtifact)
                .filter(Objects::nonNull)
                .findFirst()
                .orElseGet(
                        () ->
                                status.getStudents().stream()
                                        .filter(
                                                s ->
                                                        Objects.equals(
                                                                s.getStudent(), best.getStudent()))
                                        .filter(s -> Boolean.TRUE.equals(s.getSelected()))
                                        .map(StudentStatus::getArtifact)
                                        .filter(Objects::nonNull)
                                        .findFirst()
                                        .orElse(null));
    }

    private static void write(Path file, String value) {
        if (file == null) {
            return;
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
