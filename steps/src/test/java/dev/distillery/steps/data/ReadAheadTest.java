package dev.distillery.steps.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Batches prepared ahead come back in order, never more than the bound at once, errors intact. */
class ReadAheadTest {

    @Test
    void resultsComeInOrderWithAtMostTwicePerWorkerPrepared() {
        AtomicInteger prepared = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> seen = new ArrayList<>();
        try (ReadAhead readAhead = new ReadAhead(2);
                ReadAhead.Results<Integer> results =
                        readAhead.inOrder(
                                50,
                                i -> {
                                    most.accumulateAndGet(prepared.incrementAndGet(), Math::max);
                                    sleep(i % 3);
                                    return i;
                                })) {
            while (results.hasNext()) {
                int next = results.next();
                seen.add(next);
                sleep(2); // a slow consumer: the workers run ahead until the bound
                prepared.decrementAndGet();
            }
        }
        assertThat(seen).hasSize(50).isSorted();
        assertThat(most.get()).isBetween(2, 4 + 1);
    }

    @Test
    void withoutWorkersEachResultIsPreparedOnTheConsumingThread() {
        Thread consumer = Thread.currentThread();
        try (ReadAhead readAhead = new ReadAhead(0);
                ReadAhead.Results<Thread> results =
                        readAhead.inOrder(3, i -> Thread.currentThread())) {
            while (results.hasNext()) {
                assertThat(results.next()).isSameAs(consumer);
            }
        }
    }

    @Test
    void aWorkersBadInputReachesTheConsumerAsItIs() {
        try (ReadAhead readAhead = new ReadAhead(2);
                ReadAhead.Results<Integer> results =
                        readAhead.inOrder(
                                10,
                                i -> {
                                    if (i == 4) {
                                        throw DistilleryException.badInput("image 4 is broken");
                                    }
                                    return i;
                                })) {
            for (int i = 0; i < 4; i++) {
                assertThat(results.next()).isEqualTo(i);
            }
            assertThatThrownBy(results::next)
                    .isInstanceOf(DistilleryException.class)
                    .hasMessage("image 4 is broken");
        }
    }

    @Test
    void negativeWorkersAreBadInput() {
        assertThatThrownBy(() -> new ReadAhead(-1))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("--workers must be 0 or more");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
