package dev.distillery.operator.reconciler;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.StepLogs;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.StepPhase;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ArtifactStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Deletes the artifacts a deleted Distillation wrote and no other one uses ({@link
 * ArtifactOwnership}), and the logs its steps stored beside them, in the background and within a
 * time budget: the reconciler polls it and never waits, and unreachable storage ends in a failed
 * outcome (and a Warning Event) instead of a resource stuck in deletion.
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

    private record Task(Future<Integer> future, Instant started, int deleting, int kept) {}

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

    /**
     * The logs the steps this run ran stored beside their artifacts ({@link StepLogs}): those of
     * failed steps (a log but no artifact) and of the steps whose artifacts are deleted ({@code
     * deleted}); a kept artifact keeps its log for the Distillations that use it.
     */
    static List<String> logs(Distillation distillation, Set<String> deleted) {
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
                                s.getPhase() == StepPhase.FAILED
                                        || (s.getPhase() == StepPhase.SUCCEEDED
                                                && s.getArtifact() != null
                                                && deleted.contains(s.getArtifact())))
                .filter(s -> !Boolean.TRUE.equals(s.getReused()))
                .filter(s -> s.getStage() != null && s.getKey() != null)
                .flatMap(s -> StepLogs.of(distillation.getSpec(), storage, s).stream())
                .distinct()
                .toList();
    }

    /**
     * Starts the cleanup of {@code distillation} on first call, with S3 settings from {@code env},
     * and reports where it stands. {@code others} (the Distillations the operator knows) is read
     * once, at the start: what {@link ArtifactOwnership} says another one references is kept.
     */
    public Outcome poll(
            Distillation distillation,
            Supplier<Collection<Distillation>> others,
            Map<String, String> env) {
        String uid = distillation.getMetadata().getUid();
        Task task = tasks.computeIfAbsent(uid, k -> start(distillation, others.get(), env));
        if (task.future().isDone()) {
            tasks.remove(uid);
            try {
                int deleted = task.future().get();
                String kept =
                        task.kept() > 0
                                ? "; kept " + task.kept() + " that other Distillations use"
                                : "";
                return new Outcome(State.SUCCEEDED, "deleted " + deleted + " artifacts" + kept);
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
        return new Outcome(State.RUNNING, "deleting " + task.deleting() + " artifacts");
    }

    private Task start(
            Distillation distillation, Collection<Distillation> others, Map<String, String> env) {
        ArtifactOwnership.Split split = ArtifactOwnership.split(distillation, others);
        List<String> artifacts = split.delete();
        List<String> logs = logs(distillation, Set.copyOf(artifacts));
        return new Task(
                executor.submit(() -> delete(artifacts, logs, env)),
                clock.instant(),
                artifacts.size(),
                split.kept().size());
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
