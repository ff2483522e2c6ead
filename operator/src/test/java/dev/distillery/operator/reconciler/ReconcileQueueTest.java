package dev.distillery.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.status.DistillationStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Reconciliations of Distillations the operator has not acted on yet (new, or their spec changed)
 * run before those of Distillations under way, each group in the order JOSDK submitted them.
 */
class ReconcileQueueTest {

    @Test
    void newAndChangedDistillationsGoAheadOfThoseUnderWay() throws InterruptedException {
        ReconcileQueue queue = new ReconcileQueue();
        ExecutorService executor = queue.executor(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        // The one thread is busy, so everything after waits in the queue.
        CountDownLatch release = occupy(queue, executor, distillation("busy", 1L, 1L));
        for (Distillation d :
                List.of(
                        distillation("running-1", 1L, 1L),
                        distillation("new-1", 1L, null),
                        distillation("running-2", 3L, 3L),
                        distillation("changed", 2L, 1L),
                        distillation("new-2", 1L, null))) {
            submit(queue, executor, d, () -> ran.add(d.getMetadata().getName()));
        }
        assertThat(queue.depth()).isEqualTo(5);
        release.countDown();
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("new-1", "changed", "new-2", "running-1", "running-2");
    }

    @Test
    void newcomersWaitFromTheirSubmissionUntilAThreadTakesThem() throws InterruptedException {
        ReconcileQueue queue = new ReconcileQueue();
        ExecutorService executor = queue.executor(1);
        CountDownLatch release = occupy(queue, executor, distillation("new-1", 1L, null));
        // The one running is not waiting; one under way waiting is no newcomer.
        assertThat(queue.newcomersWaiting()).isFalse();
        submit(queue, executor, distillation("running", 1L, 1L), () -> {});
        assertThat(queue.newcomersWaiting()).isFalse();
        List<Boolean> seenByNewcomer = new CopyOnWriteArrayList<>();
        submit(
                queue,
                executor,
                distillation("new-2", 1L, null),
                () -> seenByNewcomer.add(queue.newcomersWaiting()));
        assertThat(queue.newcomersWaiting()).isTrue();
        release.countDown();
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        // The last newcomer, once running, sees no other waiting.
        assertThat(seenByNewcomer).containsExactly(false);
        assertThat(queue.newcomersWaiting()).isFalse();
    }

    @Test
    void tellsHowLongEachReconciliationWaitedAndWhetherItWasNew() throws InterruptedException {
        List<String> waits = new CopyOnWriteArrayList<>();
        ReconcileQueue queue =
                new ReconcileQueue(
                        (unacted, nanos) ->
                                waits.add((unacted ? "new " : "under way ") + (nanos >= 50e6)));
        ExecutorService executor = queue.executor(1);
        CountDownLatch release = occupy(queue, executor, distillation("busy", 1L, 1L));
        submit(queue, executor, distillation("new", 1L, null), () -> {});
        submit(queue, executor, distillation("running", 1L, 1L), () -> {});
        Thread.sleep(60);
        release.countDown();
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        // The first took the idle thread at once; the other two waited behind it for 60 ms.
        assertThat(waits).containsExactly("under way false", "new true", "under way true");
    }

    @Test
    void aDistillationIsUnactedUntilItsStatusRecordsItsGeneration() {
        ReconcileQueue queue = new ReconcileQueue();
        assertThat(queue.unacted(distillation("new", 1L, null))).isTrue();
        assertThat(queue.unacted(distillation("changed", 2L, 1L))).isTrue();
        assertThat(queue.unacted(distillation("running", 2L, 2L))).isFalse();
    }

    @Test
    void aGenerationWhoseStepsStartedIsActedOnBeforeItsStatusRecordsIt() {
        ReconcileQueue queue = new ReconcileQueue();
        Distillation held = distillation("held", 1L, null);
        queue.started(held);

        assertThat(queue.unacted(held)).isFalse();
        // A newer generation is new again until its own steps start.
        assertThat(queue.unacted(distillation("held", 2L, 1L))).isTrue();
        queue.forget(held.getMetadata().getUid());
        assertThat(queue.unacted(held)).isTrue();
    }

    @Test
    void theStartedGenerationIsForgottenOnceTheStatusRecordsIt() {
        ReconcileQueue queue = new ReconcileQueue();
        queue.started(distillation("held", 1L, null));

        assertThat(queue.unacted(distillation("held", 1L, 1L))).isFalse();
        // Forgotten: the same generation without a status would read as new.
        assertThat(queue.unacted(distillation("held", 1L, null))).isTrue();
    }

    /**
     * Submits {@code distillation}'s reconciliation and waits until it holds a thread; it lets go
     * when the returned latch is counted down.
     */
    private static CountDownLatch occupy(
            ReconcileQueue queue, ExecutorService executor, Distillation distillation)
            throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        submit(
                queue,
                executor,
                distillation,
                () -> {
                    started.countDown();
                    await(release);
                });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    /** Submits {@code task} for {@code distillation} as JOSDK does: metrics first, same thread. */
    private static void submit(
            ReconcileQueue queue,
            ExecutorService executor,
            Distillation distillation,
            Runnable task) {
        queue.reconciliationSubmitted(distillation, null, Map.of());
        executor.execute(
                () -> {
                    queue.reconciliationStarted(distillation, Map.of());
                    task.run();
                });
    }

    /** A Distillation at {@code generation} whose status records {@code observed} (null: none). */
    private static Distillation distillation(String name, Long generation, Long observed) {
        Distillation distillation = new Distillation();
        distillation.getMetadata().setName(name);
        distillation.getMetadata().setUid("uid-" + name);
        distillation.getMetadata().setGeneration(generation);
        if (observed != null) {
            distillation.setStatus(new DistillationStatus().setObservedGeneration(observed));
        }
        return distillation;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
