package dev.distillery.operator.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.api.Distillation;
import dev.distillery.operator.model.Labels;
import dev.distillery.operator.model.StepObservation;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.net.HttpURLConnection;
import java.util.Collection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writes the operator makes to Jobs: create one (a Job that already exists is left as it
 * is, so a restarted operator makes no duplicates), flip {@code spec.suspend} (never of a Job
 * queued through Kueue), delete the unfinished Jobs of a suspended queued run, and stop one whose
 * pod could not start in time. Pod templates are immutable and never updated.
 */
public final class JobActions {

    private static final Logger LOG = LoggerFactory.getLogger(JobActions.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Creates {@code job} and returns it as created, or empty when a Job of that name already
     * existed (created by an earlier reconcile whose event has not arrived yet).
     */
    public Optional<Job> create(Job job, Context<Distillation> context) {
        try {
            Job created = context.resourceOperations().create(job);
            LOG.info(
                    "event=JobCreated namespace={} job={}",
                    job.getMetadata().getNamespace(),
                    job.getMetadata().getName());
            return Optional.of(created);
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Stops the Jobs whose pod could not start within the pod start timeout: each is suspended (the
     * Job controller deletes its pods) and annotated with the step's failure, which the observer
     * reads back once the pods are gone. Returns how many Jobs were stopped.
     */
    public int stopNotStarting(
            Distillation distillation,
            Collection<StepObservation> observed,
            KubernetesClient client) {
        int stopped = 0;
        for (StepObservation job : observed) {
            if (!job.startTimedOut()) {
                continue;
            }
            ObjectNode patch = JSON.createObjectNode();
            patch.putObject("metadata")
                    .putObject("annotations")
                    .put(Labels.FAILURE_ANNOTATION, job.message());
            patch.putObject("spec").put("suspend", true);
            client.batch()
                    .v1()
                    .jobs()
                    .inNamespace(distillation.getMetadata().getNamespace())
                    .withName(job.jobName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
            LOG.info(
                    "event=JobStopped namespace={} job={} reason=PodStartTimeout",
                    distillation.getMetadata().getNamespace(),
                    job.jobName());
            stopped++;
        }
        return stopped;
    }

    /**
     * Suspends the unfinished Jobs of a suspended Distillation and resumes them when it is resumed.
     * Jobs queued through Kueue are Kueue's to suspend and resume: Kueue resumes a Job whose
     * Workload it admitted, so suspending one would only be undone. A suspended queued Distillation
     * deletes its unfinished Jobs instead (Kueue's Workload goes with its Job and frees its quota);
     * resumed, it creates them again, suspended, for Kueue to admit, and the steps go on from their
     * checkpoints. Returns how many Jobs were flipped or deleted.
     */
    public int suspendOrResume(
            Distillation distillation,
            Collection<StepObservation> observed,
            KubernetesClient client) {
        boolean suspend = Boolean.TRUE.equals(distillation.getSpec().suspend());
        boolean queued = distillation.getSpec().queueName() != null;
        int changed = 0;
        for (StepObservation job : observed) {
            if (job.finished()) {
                continue;
            }
            if (queued) {
                changed += suspend ? delete(distillation, job, client) : 0;
            } else if (job.suspended() != suspend) {
                flip(distillation, job, suspend, client);
                changed++;
            }
        }
        return changed;
    }

    private void flip(
            Distillation distillation,
            StepObservation job,
            boolean suspend,
            KubernetesClient client) {
        client.batch()
                .v1()
                .jobs()
                .inNamespace(distillation.getMetadata().getNamespace())
                .withName(job.jobName())
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"suspend\":" + suspend + "}}");
        LOG.info(
                "event={} namespace={} job={}",
                suspend ? "JobSuspended" : "JobResumed",
                distillation.getMetadata().getNamespace(),
                job.jobName());
    }

    private int delete(Distillation distillation, StepObservation job, KubernetesClient client) {
        boolean deleted =
                !client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(distillation.getMetadata().getNamespace())
                        .withName(job.jobName())
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                        .delete()
                        .isEmpty();
        if (deleted) {
            LOG.info(
                    "event=JobDeleted namespace={} job={} reason=SuspendedQueued",
                    distillation.getMetadata().getNamespace(),
                    job.jobName());
        }
        return deleted ? 1 : 0;
    }
}
