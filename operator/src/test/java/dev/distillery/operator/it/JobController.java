package dev.distillery.operator.it;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Plays the Job controller and kubelet, which kube-api-test does not run: starts, completes or
 * fails a Job by writing its status, and leaves a pod with the step's termination message.
 */
final class JobController {

    private final KubernetesClient client;
    private final String namespace;

    JobController(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The Job starts: a start time and one active pod. */
    void start(String job) {
        client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withName(job)
                .editStatus(
                        j -> {
                            j.getStatus().setStartTime(now());
                            j.getStatus().setActive(1);
                            return j;
                        });
    }

    /** The step succeeded, writing {@code summary} as its termination message. */
    void succeed(String job, String summary) {
        Job current = client.batch().v1().jobs().inNamespace(namespace).withName(job).get();
        if (current.getStatus() == null || current.getStatus().getStartTime() == null) {
            start(job);
        }
        pod(job, 0, summary);
        String now = now();
        client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withName(job)
                .editStatus(
                        j -> {
                            j.getStatus().setActive(0);
                            j.getStatus().setSucceeded(j.getSpec().getCompletions());
                            j.getStatus().setReady(0);
                            j.getStatus().setTerminating(0);
                            j.getStatus().setCompletionTime(now);
                            j.getStatus()
                                    .getConditions()
                                    .add(
                                            condition(
                                                    "SuccessCriteriaMet",
                                                    "CompletionsReached",
                                                    now));
                            j.getStatus()
                                    .getConditions()
                                    .add(condition("Complete", "CompletionsReached", now));
                            if (j.getSpec().getCompletionMode().equals("Indexed")) {
                                j.getStatus()
                                        .setCompletedIndexes(
                                                j.getSpec().getCompletions() == 1
                                                        ? "0"
                                                        : "0-"
                                                                + (j.getSpec().getCompletions()
                                                                        - 1));
                            }
                            return j;
                        });
    }

    /** The step failed with {@code exitCode}; the pod failure policy failed the Job. */
    void fail(String job, int exitCode, String message) {
        Job current = client.batch().v1().jobs().inNamespace(namespace).withName(job).get();
        if (current.getStatus() == null || current.getStatus().getStartTime() == null) {
            start(job);
        }
        pod(job, exitCode, message);
        String now = now();
        String reason = "PodFailurePolicy";
        String detail =
                "Container step for pod "
                        + namespace
                        + "/"
                        + job
                        + "-0 failed with exit code "
                        + exitCode
                        + " matching FailJob rule at index 0";
        client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withName(job)
                .editStatus(
                        j -> {
                            j.getStatus().setActive(0);
                            j.getStatus().setFailed(1);
                            j.getStatus().setReady(0);
                            j.getStatus().setTerminating(0);
                            j.getStatus()
                                    .getConditions()
                                    .add(condition("FailureTarget", reason, now, detail));
                            j.getStatus()
                                    .getConditions()
                                    .add(condition("Failed", reason, now, detail));
                            return j;
                        });
    }

    private static io.fabric8.kubernetes.api.model.batch.v1.JobCondition condition(
            String type, String reason, String now) {
        return condition(type, reason, now, null);
    }

    private static io.fabric8.kubernetes.api.model.batch.v1.JobCondition condition(
            String type, String reason, String now, String message) {
        return new JobConditionBuilder()
                .withType(type)
                .withStatus("True")
                .withReason(reason)
                .withMessage(message)
                .withLastProbeTime(now)
                .withLastTransitionTime(now)
                .build();
    }

    /** A pod of {@code job} whose step container cannot start, as a kubelet reports it. */
    void waiting(String job, String reason, String message) {
        Job current = client.batch().v1().jobs().inNamespace(namespace).withName(job).get();
        Pod pod =
                new PodBuilder()
                        .withNewMetadata()
                        .withName(job + "-w")
                        .withNamespace(namespace)
                        .withLabels(current.getSpec().getTemplate().getMetadata().getLabels())
                        .addToLabels("batch.kubernetes.io/job-name", job)
                        .endMetadata()
                        .withSpec(current.getSpec().getTemplate().getSpec())
                        .build();
        Pod created = client.pods().resource(pod).create();
        created.setStatus(
                new PodBuilder()
                        .withNewStatus()
                        .withPhase("Pending")
                        .withStartTime(now())
                        .addNewContainerStatus()
                        .withName("step")
                        .withImage(
                                current.getSpec()
                                        .getTemplate()
                                        .getSpec()
                                        .getContainers()
                                        .get(0)
                                        .getImage())
                        .withImageID("")
                        .withReady(false)
                        .withRestartCount(0)
                        .withNewState()
                        .withNewWaiting()
                        .withReason(reason)
                        .withMessage(message)
                        .endWaiting()
                        .endState()
                        .endContainerStatus()
                        .endStatus()
                        .build()
                        .getStatus());
        client.pods().resource(created).updateStatus();
    }

    /** A finished pod of {@code job} whose step container exited with {@code exitCode}. */
    private void pod(String job, int exitCode, String message) {
        Job current = client.batch().v1().jobs().inNamespace(namespace).withName(job).get();
        Pod pod =
                new PodBuilder()
                        .withNewMetadata()
                        .withName(job + "-0")
                        .withNamespace(namespace)
                        .withLabels(current.getSpec().getTemplate().getMetadata().getLabels())
                        .addToLabels("batch.kubernetes.io/job-name", job)
                        .addToAnnotations("batch.kubernetes.io/job-completion-index", "0")
                        .endMetadata()
                        .withSpec(current.getSpec().getTemplate().getSpec())
                        .build();
        Pod created = client.pods().resource(pod).create();
        String now = now();
        created.setStatus(
                new PodBuilder()
                        .withNewStatus()
                        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                        .addNewContainerStatus()
                        .withName("step")
                        .withImage(
                                current.getSpec()
                                        .getTemplate()
                                        .getSpec()
                                        .getContainers()
                                        .get(0)
                                        .getImage())
                        .withImageID("")
                        .withReady(false)
                        .withRestartCount(0)
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(exitCode)
                        .withMessage(message)
                        .withReason(exitCode == 0 ? "Completed" : "Error")
                        .withStartedAt(now)
                        .withFinishedAt(now)
                        .endTerminated()
                        .endState()
                        .endContainerStatus()
                        .endStatus()
                        .build()
                        .getStatus());
        client.pods().resource(created).updateStatus();
    }
}
