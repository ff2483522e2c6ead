package dev.distillery.operator.model;

import dev.distillery.api.status.StepPhase;
import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import dev.distillery.contract.StepSummary;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a step's state from its Job's conditions and its pods' termination messages: the Job says
 * whether the step failed or finished, the pods say what it reported (a {@link StepSummary}) or why
 * it failed. A step whose every completion has a pod whose step container exited 0 has succeeded
 * even before its Job says so: the Job controller marks the Job {@code Complete} after it has
 * counted the pods, which on a busy cluster comes many seconds later, and every step after it would
 * wait that long (Argo Workflows reads its steps from their pods for the same reason). Pure: a test
 * builds the Job and pods it reads.
 */
public final class JobObserver {

    /** Kubernetes keeps 4 KiB of a termination message; a condition message needs far less. */
    static final int MAX_MESSAGE = 400;

    /**
     * How long a completed Job whose pods reported nothing reads as still running: its pod's update
     * travels on another watch and may arrive a moment later. After that, or at once when a pod of
     * the Job is already seen Succeeded without one or the Job is being deleted, the step succeeds
     * without a report.
     */
    public static final Duration REPORT_GRACE = Duration.ofSeconds(5);

    private JobObserver() {}

    /**
     * The container waiting reasons of a pod that cannot start without someone fixing something:
     * its image, its configuration (a missing Secret or key), or its runtime.
     */
    static final Set<String> NOT_STARTING =
            Set.of(
                    "ErrImagePull",
                    "ImagePullBackOff",
                    "InvalidImageName",
                    "ErrImageNeverPull",
                    "CreateContainerConfigError",
                    "CreateContainerError",
                    "RunContainerError");

    /**
     * The observation of {@code job}, given the pods of that Job (others are ignored), without a
     * pod start deadline.
     */
    public static StepObservation observe(Job job, List<Pod> pods) {
        return observe(job, pods, null, null);
    }

    /**
     * The observation of {@code job}, given the pods of that Job (others are ignored): a pod that
     * cannot start is reported, and fails the step once it could not start for {@code startTimeout}
     * at {@code now} (both {@code null}: never).
     */
    public static StepObservation observe(
            Job job, List<Pod> pods, Instant now, Duration startTimeout) {
        String name = job.getMetadata().getName();
        List<Pod> mine = pods.stream().filter(pod -> belongsTo(pod, name)).toList();
        JobStatus status = job.getStatus() != null ? job.getStatus() : new JobStatus();
        boolean suspended = Boolean.TRUE.equals(job.getSpec().getSuspend());
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        String stopped = annotations != null ? annotations.get(Labels.FAILURE_ANNOTATION) : null;
        if (stopped != null) {
            // The operator stopped this Job: its pod could not start in time.
            return new StepObservation(
                    name, StepPhase.FAILED, status.getStartTime(), null, null, stopped, suspended);
        }
        Optional<JobCondition> failed = condition(status, "Failed", "FailureTarget");
        if (everyCompletionSucceeded(job, mine)) {
            // Before the Job's conditions: a Job that runs out of its deadline between its pod's
            // success and the Job controller's count says Failed, but the step's output is whole.
            // The pods' time, not the Job's: the observation no longer depends on the Job's
            // conditions, so the Job's later update need not wake a reconcile (ObservedFields).
            String finished = lastFinish(mine);
            String completed = finished != null ? finished : completion(status, "Complete");
            return new StepObservation(
                    name,
                    StepPhase.SUCCEEDED,
                    status.getStartTime(),
                    completed,
                    summary(mine),
                    null,
                    suspended);
        }
        if (condition(status, "Complete", "SuccessCriteriaMet").isPresent()) {
            StepSummary summary = summary(mine);
            String completed = completion(status, "Complete");
            if (summary == null
                    && !succeededSilently(mine)
                    && !beingDeleted(job)
                    && reportMayFollow(completed, now)) {
                // The pod's update can reach the cache just after its Job's: wait for its report.
                return new StepObservation(
                        name,
                        StepPhase.RUNNING,
                        status.getStartTime(),
                        completed,
                        null,
                        null,
                        suspended);
            }
            return new StepObservation(
                    name,
                    StepPhase.SUCCEEDED,
                    status.getStartTime(),
                    completed,
                    summary,
                    null,
                    suspended);
        }
        if (failed.isPresent()) {
            return new StepObservation(
                    name,
                    StepPhase.FAILED,
                    status.getStartTime(),
                    completion(status, failed.get().getType()),
                    null,
                    failure(failed.get(), mine),
                    suspended);
        }
        boolean started = status.getStartTime() != null && !suspended;
        StepPhase phase = started ? StepPhase.RUNNING : StepPhase.PENDING;
        StepObservation.NotStarting stuck = notStarting(mine).orElse(null);
        if (stuck != null && now != null && startTimeout != null && stuck.since() != null) {
            Duration waited = Duration.between(Instant.parse(stuck.since()), now);
            if (waited.compareTo(startTimeout) >= 0) {
                String message =
                        cut(
                                stuck.describe()
                                        + " (for "
                                        + waited.toSeconds()
                                        + "s, longer than the pod start timeout of "
                                        + startTimeout.toSeconds()
                                        + "s)");
                return new StepObservation(
                        name,
                        StepPhase.FAILED,
                        status.getStartTime(),
                        null,
                        null,
                        message,
                        suspended,
                        stuck,
                        true);
            }
        }
        return new StepObservation(
                name, phase, status.getStartTime(), null, null, null, suspended, stuck, false);
    }

    /**
     * Whether each of the Job's completions ({@code spec.completions}, one by default; a sharded
     * step's completion indexes) has a pod that {@linkplain #succeeded succeeded}.
     */
    static boolean everyCompletionSucceeded(Job job, List<Pod> pods) {
        Integer completions = job.getSpec().getCompletions();
        int needed = completions != null ? completions : 1;
        long done =
                pods.stream()
                        .filter(JobObserver::succeeded)
                        .mapToInt(JobObserver::shard)
                        .filter(index -> index >= 0 && index < needed)
                        .distinct()
                        .count();
        return done >= needed;
    }

    /**
     * Whether {@code pod} succeeded: its phase says so, or its step container exited 0 (a pod that
     * also runs a sidecar stays Running after its step ends). A step pod never restarts a
     * container, so either is final.
     */
    public static boolean succeeded(Pod pod) {
        return pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase())
                || terminated(pod)
                        .map(t -> Integer.valueOf(ExitCodes.OK).equals(t.getExitCode()))
                        .orElse(false);
    }

    /** When the last of the pods' step containers finished (RFC 3339), or {@code null}. */
    private static String lastFinish(List<Pod> pods) {
        return pods.stream()
                .filter(JobObserver::succeeded)
                .map(
                        pod ->
                                terminated(pod)
                                        .map(ContainerStateTerminated::getFinishedAt)
                                        .orElse(null))
                .filter(finished -> finished != null)
                .max(Comparator.comparing(Instant::parse))
                .orElse(null);
    }

    /**
     * Whether a pod of the Job is seen Succeeded: its update has arrived, so a report it does not
     * carry will not follow (a step image that writes none, or a simulated pod). Waiting for it
     * would let a short {@code ttlSecondsAfterFinished} delete the Job first, and the step be run
     * again.
     */
    private static boolean succeededSilently(List<Pod> pods) {
        return pods.stream().anyMatch(JobObserver::succeeded);
    }

    /**
     * Whether the Job is being deleted (the TTL controller deletes in the foreground: its pods go
     * first): the reports of its pods, if not seen yet, will not be.
     */
    private static boolean beingDeleted(Job job) {
        return job.getMetadata().getDeletionTimestamp() != null;
    }

    /**
     * Whether a Job that completed at {@code completed} may still see its pod's report arrive:
     * within {@link #REPORT_GRACE} of {@code now} ({@code null}: never waits).
     */
    private static boolean reportMayFollow(String completed, Instant now) {
        if (now == null || completed == null) {
            return false;
        }
        return Duration.between(Instant.parse(completed), now).compareTo(REPORT_GRACE) < 0;
    }

    /** The longest-waiting unfinished pod whose step container cannot start, if any. */
    static Optional<StepObservation.NotStarting> notStarting(List<Pod> pods) {
        List<StepObservation.NotStarting> stuck = new ArrayList<>();
        for (Pod pod : pods) {
            if (pod.getStatus() == null
                    || pod.getStatus().getContainerStatuses() == null
                    || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String since =
                    pod.getStatus().getStartTime() != null
                            ? pod.getStatus().getStartTime()
                            : pod.getMetadata().getCreationTimestamp();
            pod.getStatus().getContainerStatuses().stream()
                    .filter(c -> StepJobFactory.CONTAINER.equals(c.getName()))
                    .map(ContainerStatus::getState)
                    .filter(state -> state != null && state.getWaiting() != null)
                    .map(state -> state.getWaiting())
                    .filter(waiting -> NOT_STARTING.contains(waiting.getReason()))
                    .findFirst()
                    .ifPresent(
                            waiting ->
                                    stuck.add(
                                            new StepObservation.NotStarting(
                                                    pod.getMetadata().getName(),
                                                    waiting.getReason(),
                                                    waiting.getMessage(),
                                                    since)));
        }
        return stuck.stream()
                .min(
                        Comparator.comparing(
                                StepObservation.NotStarting::since,
                                Comparator.nullsLast(Comparator.naturalOrder())));
    }

    private static boolean belongsTo(Pod pod, String job) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null && job.equals(labels.get(Labels.JOB_NAME));
    }

    private static Optional<JobCondition> condition(JobStatus status, String... types) {
        if (status.getConditions() == null) {
            return Optional.empty();
        }
        for (String type : types) {
            Optional<JobCondition> found =
                    status.getConditions().stream()
                            .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                            .findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static String completion(JobStatus status, String type) {
        if (status.getCompletionTime() != null) {
            return status.getCompletionTime();
        }
        return condition(status, type).map(JobCondition::getLastTransitionTime).orElse(null);
    }

    /**
     * The summary of a succeeded step: one pod's, or for a sharded step its shards' read by {@link
     * StepSummary#ofShards}, the rule the local runner uses too. {@code null} when no pod reported
     * one (pods already gone).
     */
    static StepSummary summary(List<Pod> pods) {
        Map<Integer, StepSummary> byShard = new TreeMap<>();
        for (Pod pod : pods) {
            terminated(pod)
                    .filter(t -> t.getExitCode() != null && t.getExitCode() == ExitCodes.OK)
                    .flatMap(t -> parse(t.getMessage()))
                    .ifPresent(summary -> byShard.putIfAbsent(shard(pod), summary));
        }
        if (byShard.isEmpty()) {
            return null;
        }
        return StepSummary.ofShards(List.copyOf(byShard.values()), null);
    }

    /** The pod's completion index, in number order (shard 10 after shard 9). */
    private static int shard(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String index =
                annotations != null ? annotations.get(Labels.COMPLETION_INDEX_ANNOTATION) : null;
        try {
            return index != null ? Integer.parseInt(index) : 0;
        } catch (NumberFormatException notAnIndex) {
            return 0;
        }
    }

    private static Optional<StepSummary> parse(String message) {
        if (message == null || message.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(StepSummary.fromJson(message.strip()));
        } catch (DistilleryException notJson) {
            return Optional.empty();
        }
    }

    /** The Job's reason, and the last failed pod's exit code and termination message. */
    private static String failure(JobCondition condition, List<Pod> pods) {
        StringBuilder message = new StringBuilder();
        message.append(condition.getReason() != null ? condition.getReason() : "JobFailed");
        if (condition.getMessage() != null && !condition.getMessage().isBlank()) {
            message.append(": ").append(condition.getMessage().strip());
        }
        List<ContainerStateTerminated> failures = new ArrayList<>();
        for (Pod pod : pods) {
            terminated(pod)
                    .filter(t -> t.getExitCode() != null && t.getExitCode() != ExitCodes.OK)
                    .ifPresent(failures::add);
        }
        failures.stream()
                .max(
                        Comparator.comparing(
                                ContainerStateTerminated::getFinishedAt,
                                Comparator.nullsFirst(Comparator.naturalOrder())))
                .ifPresent(
                        t ->
                                message.append("; exit code ")
                                        .append(t.getExitCode())
                                        .append(meaning(t.getExitCode()))
                                        .append(text(t.getMessage())));
        return cut(message.toString());
    }

    private static String meaning(int exitCode) {
        return switch (exitCode) {
            case ExitCodes.BAD_INPUT -> " (bad input)";
            case ExitCodes.USAGE -> " (usage)";
            case ExitCodes.TRANSIENT -> " (transient)";
            default -> "";
        };
    }

    private static String text(String message) {
        return message == null || message.isBlank() ? "" : ": " + message.strip();
    }

    private static String cut(String message) {
        return message.length() <= MAX_MESSAGE
                ? message
                : message.substring(0, MAX_MESSAGE - 3) + "...";
    }

    private static Optional<ContainerStateTerminated> terminated(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> StepJobFactory.CONTAINER.equals(c.getName()))
                .map(ContainerStatus::getState)
                .filter(state -> state != null && state.getTerminated() != null)
                .map(state -> state.getTerminated())
                .findFirst();
    }
}
