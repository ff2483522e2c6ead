package dev.distillery.cli.cluster;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.StepLogs;
import dev.distillery.api.status.StepPhase;
import dev.distillery.api.status.StepStatus;
import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code logs NAME --step STEP}: a step's log, from its pod through the API while the pod exists
 * and the API serves its log, else the log the step stored beside its artifact ({@link StepLogs}),
 * which outlives the pod and holds every attempt.
 */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description =
                "Print a step's log: its pod's while the pod exists, else the one the step stored"
                        + " beside its artifact (every attempt).")
public final class LogsCommand implements Callable<Integer> {
    /** The label the Job controller puts on each pod of a Job. */
    static final String JOB_NAME_LABEL = "job-name";

    /** The annotation holding a pod's index in an Indexed Job. */
    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

    /** How often {@code --follow} reads the stored log and the status again. */
    static final long FOLLOW_MILLIS = 2000;

    @Spec CommandSpec spec;
    @Mixin ClusterOptions cluster;

    @Parameters(paramLabel = "NAME", description = "The Distillation.")
    String name;

    @Option(
            names = {"-s", "--step"},
            required = true,
            paramLabel = "STEP",
            description =
                    "The step, as distillery describe lists it (teacher-0, soft-labels, ...).")
    String step;

    @Option(
            names = {"-f", "--follow"},
            description =
                    "Follow the log until the step ends: the running pod's, else the stored one as"
                            + " the step stores it (every 15 s).")
    boolean follow;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (KubernetesClient client = cluster.client()) {
            Distillation item = cluster.get(client, name);
            StepStatus status = stepStatus(item);
            Optional<String> podLog = podLog(client, status, err);
            if (podLog.isPresent()) {
                out.print(podLog.get());
                out.flush();
                return ExitCodes.OK;
            }
            if (follow && !finished(status)) {
                followStored(client, item, status);
                return ExitCodes.OK;
            }
            out.print(
                    StoredStepLog.read(StorageEnvironment.of(cluster, client, item), item, status)
                            .orElseThrow(() -> noLog(status, item, client)));
            out.flush();
            return ExitCodes.OK;
        }
    }

    /**
     * Prints the stored log as the running step stores it (every few seconds), until the status
     * says the step ended and its final log is printed.
     */
    private void followStored(KubernetesClient client, Distillation item, StepStatus status) {
        PrintWriter out = spec.commandLine().getOut();
        String shown = "";
        while (true) {
            boolean ended = finished(status);
            Optional<String> now =
                    StoredStepLog.read(StorageEnvironment.of(cluster, client, item), item, status);
            if (now.isPresent() && !now.get().equals(shown)) {
                out.print(
                        now.get().startsWith(shown)
                                ? now.get().substring(shown.length())
                                : "\n(the stored log was rewritten)\n" + now.get());
                out.flush();
                shown = now.get();
            }
            if (ended) {
                return;
            }
            try {
                Thread.sleep(FOLLOW_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            item = cluster.get(client, name);
            status = stepStatus(item);
        }
    }

    private static boolean finished(StepStatus status) {
        return StepPhase.finished(status.getPhase());
    }

    private StepStatus stepStatus(Distillation item) {
        List<StepStatus> steps =
                item.getStatus() == null || item.getStatus().getSteps() == null
                        ? List.of()
                        : item.getStatus().getSteps();
        return steps.stream()
                .filter(s -> step.equals(s.getName()))
                .findFirst()
                .orElseThrow(
                        () ->
                                DistilleryException.badInput(
                                        steps.isEmpty()
                                                ? "Distillation "
                                                        + name
                                                        + " has no steps yet: the operator has"
                                                        + " not planned it"
                                                : "Distillation "
                                                        + name
                                                        + " has no step "
                                                        + step
                                                        + "; its steps: "
                                                        + steps.stream()
                                                                .map(StepStatus::getName)
                                                                .collect(
                                                                        Collectors.joining(", "))));
    }

    /**
     * The log of the step's latest pod (of each shard's, in shard order), or empty when it has no
     * pod or the API does not serve its log (a node without a kubelet API, a pod not yet
     * scheduled): said on {@code err}.
     */
    private Optional<String> podLog(KubernetesClient client, StepStatus status, PrintWriter err) {
        if (status.getJobName() == null) {
            return Optional.empty();
        }
        String namespace = cluster.namespace(client);
        List<Pod> pods;
        try {
            pods =
                    client.pods()
                            .inNamespace(namespace)
                            .withLabel(JOB_NAME_LABEL, status.getJobName())
                            .list()
                            .getItems();
        } catch (KubernetesClientException e) {
            // Someone who may not list pods can still read the stored log.
            err.println(
                    "(cannot list the pods of Job "
                            + status.getJobName()
                            + ": "
                            + reason(e)
                            + "; showing the log the step stored)");
            return Optional.empty();
        }
        List<Pod> latest = latestPerShard(pods);
        if (latest.isEmpty() || !latest.stream().allMatch(LogsCommand::started)) {
            // A pod whose container has not started has no log yet; a stored one may exist.
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        for (Pod pod : latest) {
            PodResource resource =
                    client.pods().inNamespace(namespace).withName(pod.getMetadata().getName());
            try {
                if (follow && latest.size() == 1) {
                    // Printed as it comes, so nothing is left to return.
                    streamFollowing(resource);
                    return Optional.of("");
                }
                text.append(resource.getLog());
            } catch (KubernetesClientException e) {
                err.println(
                        "(pod "
                                + pod.getMetadata().getName()
                                + " does not serve its log: "
                                + reason(e)
                                + "; showing the log the step stored)");
                return Optional.empty();
            }
        }
        return Optional.of(text.toString());
    }

    private void streamFollowing(PodResource pod) {
        PrintWriter out = spec.commandLine().getOut();
        try (LogWatch watch = pod.watchLog();
                InputStream in = watch.getOutput()) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.print(new String(buffer, 0, n, StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the pod's container has run: waiting, it has no log to serve. */
    static boolean started(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getContainerStatuses() != null
                && pod.getStatus().getContainerStatuses().stream()
                        .anyMatch(
                                c ->
                                        c.getState() != null
                                                && (c.getState().getRunning() != null
                                                        || c.getState().getTerminated() != null));
    }

    /** The newest pod of each completion index (one index for a Job that is not Indexed). */
    static List<Pod> latestPerShard(List<Pod> pods) {
        Map<String, Pod> newest = new LinkedHashMap<>();
        Comparator<Pod> byCreation =
                Comparator.comparing(
                        p ->
                                p.getMetadata().getCreationTimestamp() == null
                                        ? ""
                                        : p.getMetadata().getCreationTimestamp());
        for (Pod pod : pods.stream().sorted(byCreation).toList()) {
            Map<String, String> annotations = pod.getMetadata().getAnnotations();
            String index =
                    annotations == null ? "0" : annotations.getOrDefault(COMPLETION_INDEX, "0");
            newest.put(index, pod);
        }
        return newest.entrySet().stream()
                .sorted(Comparator.comparingInt(e -> parseIndex(e.getKey())))
                .map(Map.Entry::getValue)
                .toList();
    }

    private static int parseIndex(String index) {
        try {
            return Integer.parseInt(index);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** Neither a pod's log nor a stored one: what the user can tell from it. */
    private DistilleryException noLog(
            StepStatus status, Distillation item, KubernetesClient client) {
        return DistilleryException.badInput(
                "no log of step "
                        + step
                        + " of Distillation "
                        + name
                        + " (phase "
                        + phase(status)
                        + "): "
                        + (status.getJobName() == null
                                ? "it has no pod"
                                : "its Job " + status.getJobName() + " has no pod")
                        + (status.getKey() == null
                                ? " and no content key yet"
                                : " and nothing is stored at "
                                        + String.join(", ", StoredStepLog.uris(item, status))));
    }

    private static String phase(StepStatus status) {
        String phase = status.getPhase() == null ? "PENDING" : status.getPhase().name();
        return phase.charAt(0) + phase.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    private static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
