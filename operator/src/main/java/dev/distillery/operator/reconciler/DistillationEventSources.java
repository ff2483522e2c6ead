package dev.distillery.operator.reconciler;

import dev.distillery.api.Distillation;
import dev.distillery.operator.model.Labels;
import dev.distillery.operator.model.ObservedFields;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a Distillation's reconcile observes: its Jobs (found through their controller
 * ownerReference) and the pods of those Jobs (found through the Distillation label the pod template
 * carries, since a pod's owner is its Job). Only objects this operator made are watched, only the
 * fields {@link ObservedFields} names are cached, and only changes of those reach the reconciler: a
 * Job's conditions, suspension and start; a pod that cannot start, or that succeeded (its step is
 * done before the Job controller marks the Job complete; that Job's own {@code Complete} then wakes
 * nothing). A pod's failure is read when its Job's conditions change.
 */
final class DistillationEventSources {

    private static final String MANAGED = Labels.MANAGED_BY + "=" + Labels.OPERATOR;

    /** The pods cache's index of each step pod by its Job: "namespace/job". */
    private static final String BY_JOB = "job";

    private DistillationEventSources() {}

    static List<EventSource<?, Distillation>> of(EventSourceContext<Distillation> context) {
        InformerEventSource<Pod, Distillation> pods =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(Pod.class, Distillation.class)
                                .withName("pods")
                                .withLabelSelector(MANAGED)
                                .withSecondaryToPrimaryMapper(DistillationEventSources::owner)
                                .withItemStore(new StrippedItemStore<>(ObservedFields::pod))
                                .withOnAddFilter(ObservedFields::podMatters)
                                .withOnUpdateFilter(ObservedFields::podChanged)
                                .withOnDeleteFilter(
                                        (pod, unknown) -> ObservedFields.notStarting(pod) != null)
                                .build(),
                        context);
        pods.addIndexers(Map.of(BY_JOB, pod -> jobOf(pod).map(List::of).orElse(List.of())));
        InformerEventSource<Job, Distillation> jobs =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(Job.class, Distillation.class)
                                .withName("jobs")
                                .withLabelSelector(MANAGED)
                                .withItemStore(new StrippedItemStore<>(ObservedFields::job))
                                .withOnUpdateFilter(
                                        (now, before) ->
                                                ObservedFields.jobChanged(
                                                        now,
                                                        before,
                                                        pods.byIndex(BY_JOB, key(now))))
                                .build(),
                        context);
        return List.of(jobs, pods);
    }

    /** A Job's key in {@link #BY_JOB}. */
    private static String key(Job job) {
        return key(job.getMetadata().getNamespace(), job.getMetadata().getName());
    }

    /** A step pod's key in {@link #BY_JOB}, from the label the Job controller puts on its pods. */
    static Optional<String> jobOf(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return Optional.ofNullable(labels != null ? labels.get(Labels.JOB_NAME) : null)
                .map(job -> key(pod.getMetadata().getNamespace(), job));
    }

    private static String key(String namespace, String job) {
        return namespace + "/" + job;
    }

    /** The Distillation a step pod belongs to, from its label. */
    static Set<ResourceID> owner(Pod pod) {
        String distillation =
                pod.getMetadata().getLabels() != null
                        ? pod.getMetadata().getLabels().get(Labels.DISTILLATION)
                        : null;
        return distillation == null
                ? Set.of()
                : Set.of(new ResourceID(distillation, pod.getMetadata().getNamespace()));
    }
}
