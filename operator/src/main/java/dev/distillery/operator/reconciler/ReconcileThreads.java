package dev.distillery.operator.reconciler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile threads, taking tasks from two lanes: the tasks that go ahead (new Distillations)
 * first, then the rest, each lane first come first served. The tasks behind hold at most {@code
 * threads - reserved} threads at once, so {@code reserved} threads are always free for a new
 * Distillation however busy the ones under way keep the rest: a burst of new Distillations never
 * waits for the Job creates and status patches of those before it to come back from a slow API
 * server.
 */
final class ReconcileThreads extends AbstractExecutorService {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileThreads.class);

    /** A task and its lane. */
    interface Task extends Runnable {
        /** Whether it goes ahead of the tasks that do not. */
        boolean ahead();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Task> ahead = new ArrayDeque<>();
    private final ArrayDeque<Task> behind = new ArrayDeque<>();
    private final int behindLimit;
    private final Function<Runnable, Task> lane;
    private final Consumer<Task> taken;
    private final List<Thread> threads = new ArrayList<>();
    private int behindRunning;
    private int alive;
    private boolean shutdown;

    /**
     * {@code threads} threads named {@code name-1}, {@code name-2}..., of which the tasks behind
     * may hold {@code threads - reserved}; {@code lane} puts each submitted command in its lane, as
     * it is submitted, and {@code taken} is told of each task as a thread takes it, on that thread,
     * before it runs.
     */
    ReconcileThreads(
            int threads,
            int reserved,
            String name,
            Function<Runnable, Task> lane,
            Consumer<Task> taken) {
        if (threads < 1 || reserved < 0 || reserved >= threads) {
            throw new IllegalArgumentException(
                    "need 0 <= reserved < threads, got " + reserved + " of " + threads);
        }
        this.behindLimit = threads - reserved;
        this.lane = lane;
        this.taken = taken;
        for (int i = 1; i <= threads; i++) {
            Thread thread = new Thread(this::work, name + "-" + i);
            thread.setDaemon(true);
            this.threads.add(thread);
        }
        alive = threads;
        this.threads.forEach(Thread::start);
    }

    /** Runs {@code command} in the lane it is given. */
    @Override
    public void execute(Runnable command) {
        Task task = lane.apply(command);
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("the reconcile threads are shut down");
            }
            (task.ahead() ? ahead : behind).add(task);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        try {
            Task task;
            while ((task = take()) != null) {
                taken.accept(task);
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("event=ReconcileTaskFailed", e);
                } finally {
                    if (!task.ahead()) {
                        finishedBehind();
                    }
                }
            }
        } finally {
            lock.lock();
            try {
                alive--;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The next task this thread may run, waiting for one; null once shut down and drained. */
    private Task take() {
        lock.lock();
        try {
            while (true) {
                if (!ahead.isEmpty()) {
                    return ahead.poll();
                }
                if (!behind.isEmpty() && behindRunning < behindLimit) {
                    behindRunning++;
                    return behind.poll();
                }
                if (shutdown && ahead.isEmpty() && behind.isEmpty()) {
                    return null;
                }
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private void finishedBehind() {
        lock.lock();
        try {
            behindRunning--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutdown() {
        lock.lock();
        try {
            shutdown = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        lock.lock();
        try {
            shutdown = true;
            List<Runnable> dropped = new ArrayList<>(ahead);
            dropped.addAll(behind);
            ahead.clear();
            behind.clear();
            threads.forEach(Thread::interrupt);
            changed.signalAll();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isShutdown() {
        lock.lock();
        try {
            return shutdown;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isTerminated() {
        lock.lock();
        try {
            return shutdown && alive == 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long left = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!(shutdown && alive == 0)) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
