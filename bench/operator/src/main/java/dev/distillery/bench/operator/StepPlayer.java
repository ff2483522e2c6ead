package dev.distillery.bench.operator;

import dev.distillery.contract.StepSummary;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the Job controller and the kubelet for the benchmark's Jobs: a Job starts as soon as it
 * appears, and after the step's run time it completes with one succeeded pod whose termination
 * message is the step's {@link StepSummary}, as a real step writes it.
 */
final class StepPlayer implements AutoCloseable {

    static final String DISTILLATION = "distillery.dev/distillation";
    private static final String STAGE = "distillery.dev/stage";

    private final KubernetesClient admin;
    private final String namespace;
    private final Duration runTime;
    private final FirstJobClock clock;
    private final ScheduledExecutorService workers;
    private final AtomicInteger jobs = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private SharedIndexInformer<Job> informer;

    StepPlayer(
            KubernetesClient admin,
            String namespace,
            Duration runTime,
            FirstJobClock clock,
            ScheduledExecutorService workers) {
        this.admin = admin;
        this.namespace = namespace;
        this.runTime = runTime;
        this.clock = clock;
        this.workers = workers;
    }

    /** Starts watching the namespace's Jobs. */
    void start() {
        informer =
                admin.batch()
                        .v1()
                        .jobs()
                        .inNamespace(namespace)
                        .inform(
                                new ResourceEventHandler<>() {
                                    @Override
                                    public void onAdd(Job job) {
                                        created(job);
                                    }

                                    @Override
                                    public void onUpdate(Job before, Job after) {}

                                    @Override
                                    public void onDelete(Job job, boolean unknownFinalState) {}
                                });
    }

    /** Jobs seen so far. */
    int jobs() {
        return jobs.get();
    }

    /** Status writes that failed (the Job vanished, or the apiserver refused). */
    int failures() {
        return failures.get();
    }

    private void created(Job job) {
        String owner = job.getMetadata().getLabels().get(DISTILLATION);
        if (owner == null) {
            return;
        }
        clock.jobSeen(owner);
        jobs.incrementAndGet();
        workers.execute(
                () -> {
                    guarded(() -> running(job));
                    workers.schedule(
                            () -> guarded(() -> succeeded(job)),
                            runTime.toMillis(),
                            TimeUnit.MILLISECONDS);
                });
    }

    private void guarded(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
        }
    }

    private void running(Job job) {
        patchStatus(
                job,
                new JobStatusBuilder().withStartTime(now()).withActive(1).withReady(0).build());
    }

    private void succeeded(Job job) {
        pod(job);
        String now = now();
        int completions =
                job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
        JobStatusBuilder status =
                new JobStatusBuilder()
                        .withActive(0)
                        .withReady(0)
                        .withTerminating(0)
                        .withSucceeded(completions)
                        .withCompletionTime(now)
                        .addToConditions(condition("SuccessCriteriaMet", now))
                        .addToConditions(condition("Complete", now));
        if ("Indexed".equals(job.getSpec().getCompletionMode())) {
            status.withCompletedIndexes(completions == 1 ? "0" : "0-" + (completions - 1));
        }
        patchStatus(job, status.build());
    }

    /** One JSON merge patch of the status subresource: no read first, no conflict. */
    private void patchStatus(Job job, JobStatus status) {
        Job patch = new Job();
        patch.setMetadata(
                new ObjectMetaBuilder()
                        .withName(job.getMetadata().getName())
                        .withNamespace(namespace)
                        .build());
        patch.setStatus(status);
        admin.batch().v1().jobs().inNamespace(namespace).resource(patch).patchStatus();
    }

    /** A finished pod of {@code job} whose step container wrote its summary. */
    private void pod(Job job) {
        String name = job.getMetadata().getName();
        Map<String, String> labels = job.getSpec().getTemplate().getMetadata().getLabels();
        Pod pod =
                new PodBuilder()
                        .withNewMetadata()
                        .withName(name + "-0")
                        .withNamespace(namespace)
                        .withLabels(labels)
                        .addToLabels("batch.kubernetes.io/job-name", name)
                        .addToAnnotations("batch.kubernetes.io/job-completion-index", "0")
                        .endMetadata()
                        .withSpec(job.getSpec().getTemplate().getSpec())
                        .build();
        Pod created = admin.pods().inNamespace(namespace).resource(pod).create();
        String now = now();
        created.setStatus(
                new PodBuilder()
                        .withNewStatus()
                        .withPhase("Succeeded")
                        .addToContainerStatuses(
                                new ContainerStatusBuilder()
                                        .withName("step")
                                        .withImage(pod.getSpec().getContainers().get(0).getImage())
                                        .withImageID("")
                                        .withReady(false)
                                        .withRestartCount(0)
                                        .withState(
                                                new ContainerStateBuilder()
                                                        .withNewTerminated()
                                                        .withExitCode(0)
                                                        .withReason("Completed")
                                                        .withMessage(
                                                                summary(labels.get(STAGE)).toJson())
                                                        .withStartedAt(now)
                                                        .withFinishedAt(now)
                                                        .endTerminated()
                                                        .build())
                                        .build())
                        .endStatus()
                        .build()
                        .getStatus());
        admin.pods().inNamespace(namespace).resource(created).updateStatus();
    }

    /** What a step of {@code stage} reports about itself on a small dataset. */
    static StepSummary summary(String stage) {
        return switch (stage == null ? "" : stage) {
            case "teacher" ->
                    new StepSummary("train", null, 0.86, 51_000L, 2, 200L, 3.0, false, null);
            case "soft-labels" ->
                    new StepSummary("soft-labels", null, null, null, null, 200L, 1.0, false, null);
            case "student" ->
                    new StepSummary("train", null, 0.81, 25_000L, 2, 200L, 2.0, false, null);
            case "baseline" ->
                    new StepSummary("train", null, 0.79, 25_000L, 2, 200L, 2.0, false, null);
            default -> new StepSummary("report", null, null, null, null, null, 0.5, false, null);
        };
    }

    private static io.fabric8.kubernetes.api.model.batch.v1.JobCondition condition(
            String type, String now) {
        return new JobConditionBuilder()
                .withType(type)
                .withStatus("True")
                .withReason("CompletionsReached")
                .withLastProbeTime(now)
                .withLastTransitionTime(now)
                .build();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
    }
}
