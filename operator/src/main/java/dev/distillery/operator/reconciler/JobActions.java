package dev.distillery.operator.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.api.Distillation;
import dev.distillery.operator.model.Labels;
import dev.distillery.operator.model.StepObservation;
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
 * is, so a restarted operator makes no duplicates), flip {@code spec.suspend}, and stop one whose
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
     * Jobs queued through Kueue are resumed by Kueue when it admits them, not here. Returns how
     * many Jobs were flipped.
     */
    public int suspendOrResume(
            Distillation distillation,
            Collection<StepObservation> observed,
            KubernetesClient client) {
        boolean suspend = Boolean.TRUE.equals(distillation.getSpec().suspend());
        boolean queued = distillation.getSpec().queueName() != null;
        int flipped = 0;
        for (StepObservation job : observed) {
            if (job.finished() || job.suspended() == suspend || (queued && !suspend)) {
                continue;
            }
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
            flipped++;
        }
        return flipped;
    }
}
