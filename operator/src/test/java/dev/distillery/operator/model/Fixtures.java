package dev.distillery.operator.model;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.plan.Planner;
import dev.distillery.contract.StepSummary;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Map;

/** Distillations, Jobs and pods as a cluster would hold them, for the model's unit tests. */
final class Fixtures {

    static final JobSettings SETTINGS =
            new JobSettings("registry.example/distillery-step:test", "nvidia.com/gpu", 3);

    /** Two teachers, two students with scratch twins, on S3 with a credentials Secret. */
    static final String QUICKSTART =
            """
            apiVersion: distillery.dev/v1alpha1
            kind: Distillation
            metadata:
              name: quick
              namespace: team-a
            spec:
              dataset:
                name: fashion-mnist
                limit: 500
              storage:
                uri: s3://artifacts/runs
                endpoint: http://minio.storage:9000
                credentialsSecret: s3-credentials
                region: eu-central-1
                addressingStyle: path
              teacher:
                model: cnn:16,32
                ensemble: 2
                training:
                  epochs: 2
                  batchSize: 64
                  learningRate: 0.001
                  seed: 1
              students:
                - name: mlp-small
                  model: mlp:64
                  temperature: 4
                  alpha: 0.7
                  training:
                    epochs: 3
                    batchSize: 64
                    seed: 1
                - name: cnn-tiny
                  model: cnn:4,8;head=32
                  temperature: 4
                  alpha: 0.7
                  training:
                    epochs: 3
                    batchSize: 64
                    seed: 1
              baseline: true
              parallelism: 1
            """;

    private Fixtures() {}

    /** {@code yaml} as the API server returns it: with a uid and a generation. */
    static Distillation distillation(String yaml) {
        Distillation distillation = DistillationYaml.parse(yaml, "test.yaml");
        distillation.getMetadata().setUid("0f1e2d3c-aaaa-bbbb-cccc-000000000001");
        distillation.getMetadata().setGeneration(1L);
        if (distillation.getMetadata().getNamespace() == null) {
            distillation.getMetadata().setNamespace("team-a");
        }
        return distillation;
    }

    static Plan plan(Distillation distillation) {
        return Planner.plan(distillation, PlanSettings.CLUSTER);
    }

    static PlannedStep step(Plan plan, String name) {
        return plan.step(name).orElseThrow();
    }

    /** The Job the operator creates for {@code step}, as created: no status yet. */
    static Job created(Distillation distillation, PlannedStep step) {
        return new StepJobFactory(SETTINGS).job(distillation, step);
    }

    static Job running(Job job, String start) {
        return new JobBuilder(job)
                .editSpec()
                .withSuspend(false)
                .endSpec()
                .withNewStatus()
                .withStartTime(start)
                .withActive(1)
                .endStatus()
                .build();
    }

    static Job complete(Job job, String start, String end) {
        return new JobBuilder(running(job, start))
                .editStatus()
                .withActive(0)
                .withSucceeded(1)
                .withCompletionTime(end)
                .addNewCondition()
                .withType("SuccessCriteriaMet")
                .withStatus("True")
                .withLastTransitionTime(end)
                .endCondition()
                .addNewCondition()
                .withType("Complete")
                .withStatus("True")
                .withLastTransitionTime(end)
                .endCondition()
                .endStatus()
                .build();
    }

    static Job failed(Job job, String start, String end, String reason, String message) {
        return new JobBuilder(running(job, start))
                .editStatus()
                .withActive(0)
                .withFailed(1)
                .addNewCondition()
                .withType("Failed")
                .withStatus("True")
                .withReason(reason)
                .withMessage(message)
                .withLastTransitionTime(end)
                .endCondition()
                .endStatus()
                .build();
    }

    /** When a pod's step container finished: a second before its Job completes (complete()). */
    static final String POD_FINISHED = "2026-01-01T00:04:59Z";

    /** A pod of {@code job} whose step container exited with {@code exitCode} and message. */
    static Pod pod(Job job, String suffix, int exitCode, String message) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(job.getMetadata().getName() + "-" + suffix)
                .withNamespace(job.getMetadata().getNamespace())
                .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .addToLabels("batch.kubernetes.io/job-name", job.getMetadata().getName())
                .withAnnotations(Map.of(Labels.COMPLETION_INDEX_ANNOTATION, suffix))
                .endMetadata()
                .withNewStatus()
                .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                .addNewContainerStatus()
                .withName(StepJobFactory.CONTAINER)
                .withNewState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withMessage(message)
                .withFinishedAt(POD_FINISHED)
                .endTerminated()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
    }

    /**
     * A pod of {@code job} whose step container waits for {@code reason}, started at {@code since}.
     */
    static Pod waiting(Job job, String since, String reason, String message) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(job.getMetadata().getName() + "-x1")
                .withNamespace(job.getMetadata().getNamespace())
                .addToLabels("batch.kubernetes.io/job-name", job.getMetadata().getName())
                .withCreationTimestamp(since)
                .endMetadata()
                .withNewStatus()
                .withPhase("Pending")
                .withStartTime(since)
                .addNewContainerStatus()
                .withName(StepJobFactory.CONTAINER)
                .withNewState()
                .withNewWaiting()
                .withReason(reason)
                .withMessage(message)
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
    }

    /** The one-line summary a training step writes. */
    static String trained(String artifact, double accuracy, long parameters) {
        return new StepSummary("train", artifact, accuracy, parameters, 3, 500L, 12.5, false, null)
                .toJson();
    }
}
