package dev.distillery.operator.model;

import dev.distillery.api.Distillation;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of a step's Job and pods that {@link JobObserver} reads, and which changes of them are
 * worth a reconciliation. The operator caches only these parts (a Job's pod template and a pod's
 * spec are most of their size and never read back), and ignores every other change (a Job's active
 * and ready counts, a pod's readiness). Pure.
 */
public final class ObservedFields {

    private ObservedFields() {}

    /**
     * {@code distillation} without the managed fields of its metadata (every status patch adds to
     * them; nothing reads them back); spec and status are shared, not copied.
     */
    public static Distillation distillation(Distillation distillation) {
        Distillation kept = new Distillation();
        kept.setMetadata(metadata(distillation.getMetadata()));
        kept.setSpec(distillation.getSpec());
        kept.setStatus(distillation.getStatus());
        return kept;
    }

    /**
     * {@code job} with only its metadata (no managed fields), {@code spec.suspend}, {@code
     * spec.completions} and the status fields the observer reads: start and completion time,
     * conditions.
     */
    public static Job job(Job job) {
        Job kept = new Job();
        kept.setApiVersion(job.getApiVersion());
        kept.setKind(job.getKind());
        kept.setMetadata(metadata(job.getMetadata()));
        JobSpec spec = new JobSpec();
        if (job.getSpec() != null) {
            spec.setSuspend(job.getSpec().getSuspend());
            spec.setCompletions(job.getSpec().getCompletions());
        }
        kept.setSpec(spec);
        if (job.getStatus() != null) {
            JobStatus status = new JobStatus();
            status.setStartTime(job.getStatus().getStartTime());
            status.setCompletionTime(job.getStatus().getCompletionTime());
            status.setConditions(job.getStatus().getConditions());
            kept.setStatus(status);
        }
        return kept;
    }

    /**
     * {@code pod} with only its metadata (no managed fields), phase, start time and the step
     * container's status; no spec.
     */
    public static Pod pod(Pod pod) {
        Pod kept = new Pod();
        kept.setApiVersion(pod.getApiVersion());
        kept.setKind(pod.getKind());
        kept.setMetadata(metadata(pod.getMetadata()));
        if (pod.getStatus() != null) {
            PodStatus status = new PodStatus();
            status.setStartTime(pod.getStatus().getStartTime());
            status.setPhase(pod.getStatus().getPhase());
            if (pod.getStatus().getContainerStatuses() != null) {
                status.setContainerStatuses(
                        pod.getStatus().getContainerStatuses().stream()
                                .filter(c -> StepJobFactory.CONTAINER.equals(c.getName()))
                                .map(ObservedFields::state)
                                .toList());
            }
            kept.setStatus(status);
        }
        return kept;
    }

    /**
     * Whether a Job changed in a way the observer reads: its conditions, {@code spec.suspend},
     * start time or the failure annotation the operator puts on a Job it stopped.
     */
    public static boolean jobChanged(Job now, Job before) {
        return changedBesideConditions(now, before) || conditionsChanged(now, before);
    }

    /**
     * Whether a Job changed in a way the observer reads, given the cached pods of that Job: once
     * every completion has a pod that succeeded, the observation no longer reads the Job's
     * conditions ({@link JobObserver}), and the pod's own update has woken the reconcile already;
     * the Job controller's {@code Complete} that follows changes nothing.
     */
    public static boolean jobChanged(Job now, Job before, List<Pod> podsOfJob) {
        return changedBesideConditions(now, before)
                || conditionsChanged(now, before)
                        && !JobObserver.everyCompletionSucceeded(now, podsOfJob);
    }

    /** Whether a Job's suspension, start time or failure annotation changed. */
    private static boolean changedBesideConditions(Job now, Job before) {
        return !Objects.equals(suspend(now), suspend(before))
                || !Objects.equals(status(now).getStartTime(), status(before).getStartTime())
                || !Objects.equals(failure(now), failure(before));
    }

    private static boolean conditionsChanged(Job now, Job before) {
        return !Objects.equals(status(now).getConditions(), status(before).getConditions());
    }

    /**
     * Why the step container of {@code pod} cannot start ({@link JobObserver#NOT_STARTING}), or
     * {@code null}.
     */
    public static String notStarting(Pod pod) {
        return JobObserver.notStarting(List.of(pod))
                .map(StepObservation.NotStarting::reason)
                .orElse(null);
    }

    /**
     * Whether a pod is worth a reconciliation when first seen: it cannot start, or it has already
     * {@linkplain JobObserver#succeeded succeeded}.
     */
    public static boolean podMatters(Pod pod) {
        return notStarting(pod) != null || JobObserver.succeeded(pod);
    }

    /**
     * Whether a pod's start problem appeared, changed or went away, or the pod succeeded: the step
     * may be done before its Job says so. Its other changes (running, ready, failed) are not: the
     * Job's conditions tell a failure once the Job controller has decided on retries.
     */
    public static boolean podChanged(Pod now, Pod before) {
        return !Objects.equals(notStarting(now), notStarting(before))
                || JobObserver.succeeded(now) != JobObserver.succeeded(before);
    }

    private static ObjectMeta metadata(ObjectMeta metadata) {
        ObjectMeta kept = new ObjectMetaBuilder(metadata).build();
        kept.setManagedFields(null);
        return kept;
    }

    private static ContainerStatus state(ContainerStatus status) {
        ContainerStatus kept = new ContainerStatus();
        kept.setName(status.getName());
        kept.setState(status.getState());
        return kept;
    }

    private static Boolean suspend(Job job) {
        return job.getSpec() != null ? job.getSpec().getSuspend() : null;
    }

    private static JobStatus status(Job job) {
        return job.getStatus() != null ? job.getStatus() : new JobStatus();
    }

    private static String failure(Job job) {
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        return annotations != null ? annotations.get(Labels.FAILURE_ANNOTATION) : null;
    }
}
