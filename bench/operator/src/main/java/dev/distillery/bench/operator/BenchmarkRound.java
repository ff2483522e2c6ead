package dev.distillery.bench.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One round: N Distillations created as fast as the client can into an empty namespace, run to
 * Succeeded by the operator while {@link StepPlayer} completes their Jobs, then deleted.
 */
final class BenchmarkRound {

    static final ResourceDefinitionContext DISTILLATIONS =
            new ResourceDefinitionContext.Builder()
                    .withGroup("distillery.dev")
                    .withVersion("v1alpha1")
                    .withKind("Distillation")
                    .withPlural("distillations")
                    .withNamespaced(true)
                    .build();

    private final KubernetesClient admin;
    private final OperatorRequests requests;
    private final OperatorHeap heap;
    private final OperatorReconciles reconciles;
    private final Settings settings;
    private final PrintStream progress;

    /**
     * How a round runs.
     *
     * @param stepRunTime how long each played step runs
     * @param timeout the bound on each wait of the round
     * @param quiet how long the operator's request count must stay still to call it done
     * @param clients concurrent create and delete requests
     * @param timelines where to write each round's first-Job timeline ({@link
     *     FirstJobClock#timeline}) as {@code first-jobs-N.csv}, if anywhere
     */
    record Settings(
            Duration stepRunTime,
            Duration timeout,
            Duration quiet,
            int clients,
            Optional<Path> timelines) {}

    BenchmarkRound(
            KubernetesClient admin,
            OperatorRequests requests,
            OperatorHeap heap,
            OperatorReconciles reconciles,
            Settings settings,
            PrintStream progress) {
        this.admin = admin;
        this.requests = requests;
        this.heap = heap;
        this.reconciles = reconciles;
        this.settings = settings;
        this.progress = progress;
    }

    RoundResult run(String namespace, int count) throws IOException, InterruptedException {
        FirstJobClock clock = new FirstJobClock();
        ScheduledExecutorService workers = Executors.newScheduledThreadPool(8);
        ExecutorService clients = Executors.newFixedThreadPool(settings.clients());
        try (StepPlayer player =
                        new StepPlayer(admin, namespace, settings.stepRunTime(), clock, workers);
                DistillationPhases phases = new DistillationPhases(admin, namespace)) {
            player.start();
            long before = requests.whenQuiet(settings.quiet(), settings.timeout());
            OperatorReconciles.Snapshot reconciledBefore = reconciles.snapshot();
            ApiServerLatency apiServer = new ApiServerLatency(admin);
            Histogram jobCreatesBefore = apiServer.jobCreates();
            long started = System.nanoTime();
            forEach(clients, count, i -> create(namespace, name(i), clock));
            double createSeconds = seconds(started);
            say("%d: %d creates sent in %.1f s", count, count, createSeconds);
            // Listing 1,000 Distillations every second would load the apiserver being measured.
            Duration poll = Duration.ofSeconds(count <= 100 ? 1 : 5);
            boolean allSucceeded =
                    waitUntil(
                            poll,
                            () -> phases.inPhase("Succeeded") == count,
                            () ->
                                    count
                                            + ": "
                                            + phases.inPhase("Succeeded")
                                            + " of "
                                            + count
                                            + " Succeeded");
            double succeededSeconds = seconds(started);
            if (settings.timelines().isPresent()) {
                Path folder = settings.timelines().get();
                Files.createDirectories(folder);
                Files.writeString(folder.resolve("first-jobs-" + count + ".csv"), clock.timeline());
            }
            if (!allSucceeded) {
                return unfinished(phases, count, clock, player, createSeconds, succeededSeconds);
            }
            long toSucceeded = requests.whenQuiet(settings.quiet(), settings.timeout()) - before;
            ReconcileSummary reconciled = reconciles.snapshot().since(reconciledBefore);
            Histogram jobCreates = apiServer.jobCreates().since(jobCreatesBefore);
            FirstJobParts parts =
                    new FirstJobParts(
                            LatencySummary.of(clock.createCallsMillis()),
                            LatencySummary.of(clock.afterCreateMillis()),
                            reconciled.newWaitP50Millis(),
                            reconciled.newWaitP99Millis(),
                            jobCreates.quantileMillis(0.5),
                            jobCreates.quantileMillis(0.99));
            long heapKib = heap.usedKibAfterGc();
            say(
                    "%d: all Succeeded after %.1f s, %d Jobs, %d operator requests, %d reconciles,"
                            + " heap %d KiB",
                    count,
                    succeededSeconds,
                    player.jobs(),
                    toSucceeded,
                    reconciled.count(),
                    heapKib);
            forEach(clients, count, i -> distillations(namespace).withName(name(i)).delete());
            require(poll, () -> phases.count() == 0, () -> count + ": " + phases.count() + " left");
            long toDeleted = requests.whenQuiet(settings.quiet(), settings.timeout()) - before;
            if (player.failures() > 0) {
                say("%d: %d Job or pod status writes failed", count, player.failures());
            }
            RoundResult result =
                    new RoundResult(
                            count,
                            count,
                            player.jobs(),
                            LatencySummary.of(clock.latenciesMillis()),
                            parts,
                            createSeconds,
                            succeededSeconds,
                            toSucceeded,
                            toDeleted,
                            heapKib,
                            reconciled,
                            Machine.load());
            removeJobsAndPods(namespace);
            return result;
        } finally {
            clients.shutdownNow();
            workers.shutdownNow();
        }
    }

    /**
     * A round whose Distillations did not all succeed within the timeout: its first-Job latencies
     * and heap, but no request count (the run is not over); the namespace is left as it is.
     */
    private RoundResult unfinished(
            DistillationPhases phases,
            int count,
            FirstJobClock clock,
            StepPlayer player,
            double createSeconds,
            double elapsedSeconds)
            throws IOException, InterruptedException {
        int succeeded = (int) phases.inPhase("Succeeded");
        long heapKib = heap.usedKibAfterGc();
        say(
                "%d: only %d Succeeded after %.0f s (timeout %s), %d Jobs, heap %d KiB",
                count, succeeded, elapsedSeconds, settings.timeout(), player.jobs(), heapKib);
        return new RoundResult(
                count,
                succeeded,
                player.jobs(),
                LatencySummary.of(clock.latenciesMillis()),
                null,
                createSeconds,
                elapsedSeconds,
                -1,
                -1,
                heapKib,
                null,
                Machine.load());
    }

    static String name(int index) {
        return String.format("bench-%04d", index);
    }

    /** A small realistic spec: one teacher, two students, their scratch baselines. */
    static GenericKubernetesResource spec(String namespace, String name) {
        GenericKubernetesResource distillation = new GenericKubernetesResource();
        distillation.setApiVersion("distillery.dev/v1alpha1");
        distillation.setKind("Distillation");
        distillation.setMetadata(
                new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(namespace)
                        .build());
        distillation.setAdditionalProperty(
                "spec",
                Map.of(
                        "dataset", Map.of("name", "fashion-mnist", "limit", 200),
                        "storage", Map.of("uri", "s3://artifacts/bench/" + namespace),
                        "teacher", Map.of("model", "cnn:8,16"),
                        "students",
                                List.of(
                                        Map.of("name", "mlp", "model", "mlp:32"),
                                        Map.of("name", "cnn", "model", "cnn:4,8")),
                        "baseline", true,
                        "parallelism", 2));
        return distillation;
    }

    private void create(String namespace, String name, FirstJobClock clock) {
        GenericKubernetesResource distillation = spec(namespace, name);
        clock.applied(name);
        distillations(namespace).resource(distillation).create();
        clock.created(name);
    }

    private MixedOperation<
                    GenericKubernetesResource,
                    GenericKubernetesResourceList,
                    Resource<GenericKubernetesResource>>
            distillations(String namespace) {
        return (MixedOperation<
                        GenericKubernetesResource,
                        GenericKubernetesResourceList,
                        Resource<GenericKubernetesResource>>)
                admin.genericKubernetesResources(DISTILLATIONS).inNamespace(namespace);
    }

    /**
     * No garbage collector runs: the benchmark removes what the Jobs left. A collection delete of
     * 7,000 Jobs can outlast the busy apiserver's connection: it is sent again until all are gone.
     */
    private void removeJobsAndPods(String namespace) throws InterruptedException {
        require(
                Duration.ofSeconds(2),
                () -> {
                    admin.batch().v1().jobs().inNamespace(namespace).delete();
                    admin.pods().inNamespace(namespace).delete();
                    return admin.batch()
                                    .v1()
                                    .jobs()
                                    .inNamespace(namespace)
                                    .list()
                                    .getItems()
                                    .isEmpty()
                            && admin.pods().inNamespace(namespace).list().getItems().isEmpty();
                },
                () -> namespace + ": Jobs and pods still there");
    }

    private interface Indexed {
        void run(int index);
    }

    private static void forEach(ExecutorService clients, int count, Indexed action)
            throws InterruptedException {
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            sent.add(clients.submit(() -> action.run(index)));
        }
        for (Future<?> request : sent) {
            try {
                request.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(
                        "a request failed: " + e.getCause().getMessage(), e);
            }
        }
    }

    private interface Check {
        boolean done();
    }

    private interface Progress {
        String describe();
    }

    /** Waits until {@code check} holds, at most the timeout; false when it never did. */
    private boolean waitUntil(Duration poll, Check check, Progress describe)
            throws InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        long nextReport = System.nanoTime();
        while (!done(check)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            if (System.nanoTime() >= nextReport) {
                progress.println("bench-operator: " + describe.describe());
                nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            }
            Thread.sleep(poll.toMillis());
        }
        return true;
    }

    /** A request that timed out on the busy apiserver is not an answer: look again. */
    private boolean done(Check check) {
        try {
            return check.done();
        } catch (KubernetesClientException e) {
            progress.println("bench-operator: retrying a check: " + e.getMessage());
            return false;
        }
    }

    private void require(Duration poll, Check check, Progress describe)
            throws InterruptedException {
        if (!waitUntil(poll, check, describe)) {
            throw new IllegalStateException(
                    "gave up after " + settings.timeout() + ": " + describe.describe());
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private void say(String format, Object... args) {
        progress.println("bench-operator: " + String.format(format, args));
    }
}
