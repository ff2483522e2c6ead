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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events about a Distillation so {@code kubectl describe} tells its story. An
 * Event that cannot be written is logged and never fails a reconciliation.
 */
public final class EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    /** Core Events keep at most 1 KiB of message. */
    private static final int MAX_MESSAGE = 1000;

    private final KubernetesClient client;
    private final String instance;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, String instance, Clock clock) {
        this.client = client;
        this.instance = instance;
        this.clock = clock;
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
            client.v1().events().resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warn(
                    "event={} distillation={}/{} reason={} error={}",
                    "EventNotRecorded",
                    distillation.getMetadata().getNamespace(),
                    distillation.getMetadata().getName(),
                    transition.reason(),
                    e.getMessage());
        }
    }
}
