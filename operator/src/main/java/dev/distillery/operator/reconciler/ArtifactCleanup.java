package dev.distillery.operator.reconciler;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.StepLogs;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.StepPhase;
import dev.distillery.api.status.StepStatus;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ArtifactStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Deletes the artifacts a deleted Distillation wrote, and the logs its steps stored beside them, in
 * the background and within a time budget: the reconciler polls it and never waits, and unreachable
 * storage ends in a failed outcome (and a Warning Event) instead of a resource stuck in deletion.
 */
public final class ArtifactCleanup implements AutoCloseable {

    /** Where a cleanup stands when polled. */
    public enum State {
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    /**
     * The outcome of a poll.
     *
     * @param state where the cleanup stands
     * @param message what happened, for an Event
     */
    public record Outcome(State state, String message) {}

    private record Task(Future<Integer> future, Instant started) {}

    private final ExecutorService executor =
            Executors.newFixedThreadPool(
                    2,
                    runnable -> {
                        Thread thread = new Thread(runnable, "artifact-cleanup");
                        thread.setDaemon(true);
                        return thread;
                    });
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final Duration budget;
    private final Clock clock;

    public ArtifactCleanup(Duration budget, Clock clock) {
        this.budget = budget;
        this.clock = clock;
    }

    /** The artifacts {@code status} says this run wrote (reused ones belong to other runs too). */
    public static List<String> artifacts(DistillationStatus status) {
        if (status == null || status.getSteps() == null) {
            return List.of();
        }
        return status.getSteps().stream()
                .filter(s -> s.getPhase() == StepPhase.SUCCEEDED)
                .filter(s -> !Boolean.TRUE.equals(s.getReused()))
                .map(StepStatus::getArtifact)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
    }

    /**
     * The logs the steps this run ran stored beside their artifacts ({@link StepLogs}): finished
     * steps that were not reused, failed ones included (they have a log but no artifact).
     */
    public static List<String> logs(Distillation distillation) {
        DistillationStatus status = distillation.getStatus();
        if (status == null
                || status.getSteps() == null
                || distillation.getSpec() == null
                || distillation.getSpec().storage() == null) {
            return List.of();
        }
        String storage = PlanSettings.CLUSTER.storage(distillation.getSpec());
        return status.getSteps().stream()
                .filter(
                        s ->
                                s.getPhase() == StepPhase.SUCCEEDED
                                        || s.getPhase() == StepPhase.FAILED)
                .filter(s -> !Boolean.TRUE.equals(s.getReused()))
                .filter(s -> s.getStage() != null && s.getKey() != null)
                .flatMap(s -> StepLogs.of(distillation.getSpec(), storage, s).stream())
                .distinct()
                .toList();
    }

    /**
     * Starts the cleanup of {@code distillation} on first call, with S3 settings from {@code env},
     * and reports where it stands.
     */
    public Outcome poll(Distillation distillation, Map<String, String> env) {
        String uid = distillation.getMetadata().getUid();
        List<String> artifacts = artifacts(distillation.getStatus());
        List<String> logs = logs(distillation);
        Task task =
                tasks.computeIfAbsent(
                        uid,
                        k ->
                                new Task(
                                        executor.submit(() -> delete(artifacts, logs, env)),
                                        clock.instant()));
        if (task.future().isDone()) {
            tasks.remove(uid);
            try {
                int deleted = task.future().get();
                return new Outcome(State.SUCCEEDED, "deleted " + deleted + " artifacts");
            } catch (ExecutionException e) {
                return new Outcome(
                        State.FAILED,
                        "artifacts were not deleted and remain in storage: "
                                + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(State.FAILED, "artifact cleanup was interrupted");
            }
        }
        if (Duration.between(task.started(), clock.instant()).compareTo(budget) > 0) {
            task.future().cancel(true);
            tasks.remove(uid);
            return new Outcome(
                    State.FAILED,
                    "artifacts were not deleted within "
                            + budget.toSeconds()
                            + " s and remain in storage");
        }
        return new Outcome(State.RUNNING, "deleting " + artifacts.size() + " artifacts");
    }

    /** Deletes the artifacts, then the logs beside them; counts the artifacts. */
    private static int delete(List<String> artifacts, List<String> logs, Map<String, String> env) {
        int deleted = 0;
        for (String uri : artifacts) {
            try (ArtifactStore store = ArtifactStores.open(uri, env)) {
                store.delete(uri);
                deleted++;
            }
        }
        for (String uri : logs) {
            try (ArtifactStore store = ArtifactStores.open(uri, env)) {
                store.deleteObject(uri);
            }
        }
        return deleted;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
