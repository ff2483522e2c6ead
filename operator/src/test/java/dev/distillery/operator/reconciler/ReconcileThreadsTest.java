package dev.distillery.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The tasks behind never hold the reserved threads, so a task that goes ahead starts at once
 * however many tasks behind are running; tasks ahead may use every thread.
 */
class ReconcileThreadsTest {

    @Test
    void aTaskAheadStartsAtOnceWhileTheTasksBehindHoldAllTheyMay() throws InterruptedException {
        ReconcileThreads threads =
                new ReconcileThreads(4, 1, "test", ReconcileThreadsTest::lane, task -> {});
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch threeRunning = new CountDownLatch(3);
        List<String> ran = new CopyOnWriteArrayList<>();
        for (int i = 1; i <= 3; i++) {
            threads.execute(
                    task(
                            false,
                            () -> {
                                threeRunning.countDown();
                                await(release);
                            }));
        }
        assertThat(threeRunning.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch aheadRan = new CountDownLatch(1);
        threads.execute(task(false, () -> ran.add("fourth behind")));
        threads.execute(
                task(
                        true,
                        () -> {
                            ran.add("ahead");
                            aheadRan.countDown();
                        }));

        assertThat(aheadRan.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);
        // The fourth thread is free, but it is kept for tasks ahead.
        assertThat(ran).containsExactly("ahead");
        release.countDown();
        threads.shutdown();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("ahead", "fourth behind");
    }

    @Test
    void tasksAheadMayUseEveryThread() throws InterruptedException {
        ReconcileThreads threads =
                new ReconcileThreads(4, 1, "test", ReconcileThreadsTest::lane, task -> {});
        CountDownLatch allRunning = new CountDownLatch(4);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            threads.execute(
                    task(
                            true,
                            () -> {
                                allRunning.countDown();
                                await(release);
                            }));
        }

        assertThat(allRunning.await(10, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        threads.shutdown();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aShutDownPoolRunsWhatWaitsThenEndsAndTakesNoMore() throws InterruptedException {
        List<String> taken = new CopyOnWriteArrayList<>();
        ReconcileThreads threads =
                new ReconcileThreads(
                        1,
                        0,
                        "test",
                        ReconcileThreadsTest::lane,
                        task -> taken.add(task.ahead() ? "ahead" : "behind"));
        CountDownLatch release = new CountDownLatch(1);
        threads.execute(task(false, () -> await(release)));
        threads.execute(() -> {}); // this test's lanes put a plain Runnable behind
        threads.execute(task(true, () -> {}));
        threads.shutdown();

        assertThatThrownBy(() -> threads.execute(task(true, () -> {})))
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(threads.isTerminated()).isFalse();
        release.countDown();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(taken).containsExactly("behind", "ahead", "behind");
    }

    @Test
    void aQuarterOfTheThreadsIsKeptForNewDistillations() {
        assertThat(ReconcileQueue.reserved(16)).isEqualTo(4);
        assertThat(ReconcileQueue.reserved(4)).isEqualTo(1);
        assertThat(ReconcileQueue.reserved(3)).isZero();
        assertThat(ReconcileQueue.reserved(1)).isZero();
        assertThatThrownBy(
                        () ->
                                new ReconcileThreads(
                                        2, 2, "test", ReconcileThreadsTest::lane, task -> {}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A task in its own lane, anything else behind. */
    private static ReconcileThreads.Task lane(Runnable command) {
        return command instanceof ReconcileThreads.Task task ? task : task(false, command);
    }

    private static ReconcileThreads.Task task(boolean ahead, Runnable body) {
        return new ReconcileThreads.Task() {
            @Override
            public boolean ahead() {
                return ahead;
            }

            @Override
            public void run() {
                body.run();
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
