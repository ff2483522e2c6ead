package dev.distillery.steps.data;

import dev.distillery.contract.DistilleryException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Prepares numbered pieces of work (decoded, augmented, normalized batches) on worker threads ahead
 * of the thread that consumes them, handing them back in order with at most {@code 2 x workers}
 * prepared or in preparation at any time, so memory stays bounded whatever the dataset's size. With
 * no workers each piece is prepared on the consuming thread when it is asked for. Worker threads
 * never touch the engine.
 */
public final class ReadAhead implements AutoCloseable {
    private final int workers;
    private final ExecutorService pool;

    /** A read-ahead with {@code workers} threads (0: none). */
    public ReadAhead(int workers) {
        if (workers < 0) {
            throw DistilleryException.badInput("--workers must be 0 or more, got " + workers);
        }
        this.workers = workers;
        this.pool = workers == 0 ? null : Executors.newFixedThreadPool(workers, daemons());
    }

    /** Number of worker threads. */
    public int workers() {
        return workers;
    }

    /** How many pieces may be prepared or in preparation at once (at least 1). */
    public int depth() {
        return Math.max(1, 2 * workers);
    }

    /**
     * The results of {@code task} for {@code 0 .. count-1}, in that order. Close the results to
     * drop what was prepared and not taken. A task's exception is thrown by {@code next()}.
     */
    public <T> Results<T> inOrder(int count, IntFunction<T> task) {
        return new Results<>(count, task);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Results of numbered tasks, in order. */
    public final class Results<T> implements Iterator<T>, AutoCloseable {
        private final int count;
        private final IntFunction<T> task;
        private final ArrayDeque<Future<T>> inFlight = new ArrayDeque<>();
        private int submitted;
        private int taken;

        private Results(int count, IntFunction<T> task) {
            this.count = count;
            this.task = task;
        }

        @Override
        public boolean hasNext() {
            return taken < count;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (pool == null) {
                return task.apply(taken++);
            }
            fill();
            Future<T> next = inFlight.poll();
            taken++;
            fill();
            return result(next);
        }

        private void fill() {
            while (submitted < count && inFlight.size() < depth()) {
                int index = submitted++;
                inFlight.add(pool.submit(() -> task.apply(index)));
            }
        }

        @Override
        public void close() {
            for (Future<T> future : inFlight) {
                future.cancel(true);
            }
            inFlight.clear();
        }

        private T result(Future<T> future) {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for data", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    private static ThreadFactory daemons() {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "distillery-reader-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
