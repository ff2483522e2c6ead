package dev.distillery.operator.reconciler;

import dev.distillery.api.Distillation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue reconciliations wait in, between JOSDK submitting one and a reconcile thread starting
 * it. A Distillation whose generation the operator has not acted on yet (a new one, or one whose
 * spec changed) goes ahead of the reconciles of Distillations already under way, so each of a burst
 * of new Distillations gets its first Jobs without waiting behind the Job events of the ones before
 * it; within each group, first come first served. A generation counts as acted on once its status
 * records it, or once the reconciler {@link #started} steps of it and left the status to a later
 * reconcile. Also counts the waiting reconciliations (the depth of the queue a burst waits in) and,
 * among them, the new Distillations' ({@link #newcomersWaiting}), and tells its {@link Waits} how
 * long each one waited for a thread.
 *
 * <p>JOSDK tells its {@link Metrics} of a submission on the thread that then hands the task to the
 * executor, with the Distillation it will reconcile, so the queue learns the task's rank there.
 *
 * <p>At debug level it logs when a new Distillation reached the operator ({@code
 * event=DistillationAdded}) and when a reconcile thread took the reconciliation of a generation not
 * acted on yet ({@code event=NewGenerationTaken}), so a burst's wait can be split between the watch
 * that brings a Distillation, this queue, and the reconcile (bench/operator/first_job_timeline.py).
 */
public final class ReconcileQueue implements Metrics {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileQueue.class);

    /** Ahead first, then in order of submission; foreign tasks behind every submitted one. */
    private static final Comparator<Runnable> ORDER =
            Comparator.comparing((Runnable r) -> !(r instanceof Ranked ranked && ranked.ahead()))
                    .thenComparingLong(
                            r -> r instanceof Ranked ranked ? ranked.order() : Long.MAX_VALUE);

    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong newcomers = new AtomicLong();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final AtomicLong submitted = new AtomicLong();

    /** The Distillation of the task this thread submits next, when it goes ahead (else null). */
    private final ThreadLocal<ResourceID> nextNewcomer = new ThreadLocal<>();

    private final Waits waits;

    /** Told how long each reconciliation waited in the queue. */
    @FunctionalInterface
    public interface Waits {
        /**
         * A reconciliation waited {@code nanos} from its submission until a thread took it; {@code
         * unacted}: it was one of a generation the operator had not acted on (it went ahead).
         */
        void waited(boolean unacted, long nanos);
    }

    /** A queue that tells {@code waits} how long each reconciliation waited. */
    public ReconcileQueue(Waits waits) {
        this.waits = waits;
    }

    /** A queue that keeps its waiting times to itself (tests). */
    public ReconcileQueue() {
        this((unacted, nanos) -> {});
    }

    @Override
    public void eventReceived(Event event, Map<String, Object> metadata) {
        if (LOG.isDebugEnabled()
                && event instanceof ResourceEvent added
                && added.getAction() == ResourceAction.ADDED) {
            ResourceID id = event.getRelatedCustomResourceID();
            LOG.debug(
                    "event=DistillationAdded namespace={} name={}",
                    id.getNamespace().orElse(""),
                    id.getName());
        }
    }

    @Override
    public void reconciliationSubmitted(
            HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        waiting.incrementAndGet();
        if (unacted(resource)) {
            nextNewcomer.set(ResourceID.fromResource(resource));
        }
    }

    @Override
    public void reconciliationStarted(HasMetadata resource, Map<String, Object> metadata) {
        waiting.updateAndGet(n -> Math.max(0, n - 1));
    }

    /** Reconciliations submitted and not started yet. */
    public long depth() {
        return waiting.get();
    }

    /**
     * Whether reconciliations of Distillations the operator has not acted on yet wait for a thread:
     * a burst of new Distillations is being taken in.
     */
    public boolean newcomersWaiting() {
        return newcomers.get() > 0;
    }

    /**
     * A pool of {@code threads} reconcile threads (one operator term's; its owner shuts it down)
     * that takes reconciliations from this queue in its order.
     */
    public ExecutorService executor(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory named =
                task -> {
                    Thread thread = new Thread(task, "reconcile-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                };
        return new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                new PriorityBlockingQueue<>(64, ORDER),
                named) {
            @Override
            public void execute(Runnable task) {
                ResourceID newcomer = nextNewcomer.get();
                nextNewcomer.remove();
                if (newcomer != null) {
                    newcomers.incrementAndGet();
                }
                super.execute(
                        new Ranked(task, newcomer, submitted.incrementAndGet(), System.nanoTime()));
            }

            @Override
            protected void beforeExecute(Thread thread, Runnable task) {
                if (task instanceof Ranked ranked) {
                    long waited = System.nanoTime() - ranked.submittedNanos();
                    if (ranked.ahead()) {
                        newcomers.decrementAndGet();
                        if (LOG.isDebugEnabled()) {
                            LOG.debug(
                                    "event=NewGenerationTaken namespace={} name={} waitedMs={}",
                                    ranked.newcomer().getNamespace().orElse(""),
                                    ranked.newcomer().getName(),
                                    TimeUnit.NANOSECONDS.toMillis(waited));
                        }
                    }
                    waits.waited(ranked.ahead(), waited);
                }
            }
        };
    }

    /**
     * The operator started steps of {@code distillation}'s generation and left recording them in
     * the status to a later reconcile (it held back steps ready to start): that generation is acted
     * on, and its next reconciles queue behind the new Distillations.
     */
    public void started(Distillation distillation) {
        started.put(
                distillation.getMetadata().getUid(), distillation.getMetadata().getGeneration());
    }

    /** Forgets a deleted Distillation. */
    public void forget(String uid) {
        started.remove(uid);
    }

    /**
     * Whether the operator has not acted on {@code resource}'s generation yet: the status does not
     * record it (no status, or one of an earlier generation) and no steps of it were {@link
     * #started}.
     */
    boolean unacted(HasMetadata resource) {
        if (!(resource instanceof Distillation distillation)) {
            return false;
        }
        String uid = distillation.getMetadata().getUid();
        Long generation = distillation.getMetadata().getGeneration();
        if (distillation.getStatus() != null
                && Objects.equals(distillation.getStatus().getObservedGeneration(), generation)) {
            if (uid != null) {
                started.remove(uid);
            }
            return false;
        }
        return uid == null || !Objects.equals(started.get(uid), generation);
    }

    /**
     * A submitted reconciliation with its place in the queue and when it joined it; {@code
     * newcomer}: the Distillation it reconciles when that goes ahead (a generation not acted on),
     * else null.
     */
    private record Ranked(Runnable task, ResourceID newcomer, long order, long submittedNanos)
            implements Runnable {
        boolean ahead() {
            return newcomer != null;
        }

        @Override
        public void run() {
            task.run();
        }
    }
}
