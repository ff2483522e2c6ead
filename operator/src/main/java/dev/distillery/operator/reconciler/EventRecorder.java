package dev.distillery.operator.reconciler;

import dev.distillery.api.Distillation;
import dev.distillery.operator.model.Transition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events about a Distillation so {@code kubectl describe} tells its story. Events
 * are written in the background, in order, by one thread: a reconciliation never waits for one. An
 * Event that cannot be written (or finds the queue full) is logged and never fails a
 * reconciliation.
 */
public final class EventRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    /** Core Events keep at most 1 KiB of message. */
    private static final int MAX_MESSAGE = 1000;

    /** Events waiting to be written; more are dropped (and logged) rather than held. */
    static final int QUEUE = 10_000;

    private final KubernetesClient client;
    private final String instance;
    private final Clock clock;
    private final ThreadPoolExecutor writer =
            new ThreadPoolExecutor(
                    1,
                    1,
                    0,
                    TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(QUEUE),
                    runnable -> {
                        Thread thread = new Thread(runnable, "distillery-events");
                        thread.setDaemon(true);
                        return thread;
                    });

    public EventRecorder(KubernetesClient client, String instance, Clock clock) {
        this.client = client;
        this.instance = instance;
        this.clock = clock;
    }

    /** Events queued and not written yet. */
    public int pending() {
        return writer.getQueue().size() + writer.getActiveCount();
    }

    /** Records every transition of {@code distillation}. */
    public void record(Distillation distillation, List<Transition> transitions) {
        for (Transition transition : transitions) {
            record(distillation, transition);
        }
    }

    /** Records one transition of {@code distillation}. */
    public void record(Distillation distillation, Transition transition) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String message =
                transition.message().length() <= MAX_MESSAGE
                        ? transition.message()
                        : transition.message().substring(0, MAX_MESSAGE - 3) + "...";
        Event event =
                new EventBuilder()
                        .withNewMetadata()
                        .withGenerateName(distillation.getMetadata().getName() + ".")
                        .withNamespace(distillation.getMetadata().getNamespace())
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withApiVersion(Distillation.API_VERSION)
                        .withKind(distillation.getKind())
                        .withName(distillation.getMetadata().getName())
                        .withNamespace(distillation.getMetadata().getNamespace())
                        .withUid(distillation.getMetadata().getUid())
                        .withResourceVersion(distillation.getMetadata().getResourceVersion())
                        .endInvolvedObject()
                        .withType(transition.warning() ? "Warning" : "Normal")
                        .withReason(transition.reason())
                        .withMessage(message)
                        .withFirstTimestamp(now)
                        .withLastTimestamp(now)
                        .withCount(1)
                        .withNewSource()
                        .withComponent("distillery-operator")
                        .endSource()
                        .withReportingComponent("distillery.dev/operator")
                        .withReportingInstance(instance)
                        .build();
        try {
            writer.execute(() -> write(distillation, transition, event));
        } catch (RejectedExecutionException full) {
            notRecorded(distillation, transition, "the Event queue is full or closed");
        }
    }

    private void write(Distillation distillation, Transition transition, Event event) {
        try {
            client.v1().events().resource(event).create();
        } catch (KubernetesClientException e) {
            notRecorded(distillation, transition, e.getMessage());
        }
    }

    private static void notRecorded(Distillation distillation, Transition transition, String why) {
        LOG.warn(
                "event={} distillation={}/{} reason={} error={}",
                "EventNotRecorded",
                distillation.getMetadata().getNamespace(),
                distillation.getMetadata().getName(),
                transition.reason(),
                why);
    }

    /** Writes what is queued (for at most 10 s) and stops. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
