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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a step's state from its Job's conditions and its pods' termination messages: the Job says
 * whether the step finished, the pods say what it reported (a {@link StepSummary}) or why it
 * failed. Pure: a test builds the Job and pods it reads.
 */
public final class JobObserver {

    /** Kubernetes keeps 4 KiB of a termination message; a condition message needs far less. */
    static final int MAX_MESSAGE = 400;

    private JobObserver() {}

    /** The observation of {@code job}, given the pods of that Job (others are ignored). */
    public static StepObservation observe(Job job, List<Pod> pods) {
        String name = job.getMetadata().getName();
        List<Pod> mine = pods.stream().filter(pod -> belongsTo(pod, name)).toList();
        JobStatus status = job.getStatus() != null ? job.getStatus() : new JobStatus();
        boolean suspended = Boolean.TRUE.equals(job.getSpec().getSuspend());
        Optional<JobCondition> failed = condition(status, "Failed", "FailureTarget");
        if (condition(status, "Complete", "SuccessCriteriaMet").isPresent()) {
            return new StepObservation(
                    name,
                    StepPhase.SUCCEEDED,
                    status.getStartTime(),
                    completion(status, "Complete"),
                    summary(mine),
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
        return new StepObservation(
                name,
                started ? StepPhase.RUNNING : StepPhase.PENDING,
                status.getStartTime(),
                null,
                null,
                null,
                suspended);
    }

    private static boolean belongsTo(Pod pod, String job) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null && job.equals(labels.get("batch.kubernetes.io/job-name"));
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
     * The summary of a succeeded step: one pod's, or for a sharded step the first shard's with the
     * samples of every shard added up. {@code null} when no pod reported one (pods already gone).
     */
    static StepSummary summary(List<Pod> pods) {
        Map<String, StepSummary> byShard = new TreeMap<>();
        for (Pod pod : pods) {
            terminated(pod)
                    .filter(t -> t.getExitCode() != null && t.getExitCode() == ExitCodes.OK)
                    .flatMap(t -> parse(t.getMessage()))
                    .ifPresent(summary -> byShard.putIfAbsent(shard(pod), summary));
        }
        if (byShard.isEmpty()) {
            return null;
        }
        StepSummary first = byShard.values().iterator().next();
        if (byShard.size() == 1) {
            return first;
        }
        long samples =
                byShard.values().stream()
                        .mapToLong(s -> s.samples() != null ? s.samples() : 0L)
                        .sum();
        double seconds =
                byShard.values().stream().mapToDouble(StepSummary::seconds).max().orElse(0);
        return new StepSummary(
                first.step(),
                null,
                first.accuracy(),
                first.parameters(),
                first.epochs(),
                samples,
                seconds,
                first.resumed(),
                first.metrics());
    }

    private static String shard(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String index =
                annotations != null ? annotations.get(Labels.COMPLETION_INDEX_ANNOTATION) : null;
        return index != null ? index : "0";
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
