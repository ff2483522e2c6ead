package dev.distillery.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import dev.distillery.api.status.Conditions;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.Phase;
import dev.distillery.api.status.Reasons;
import dev.distillery.api.status.StepPhase;
import dev.distillery.api.status.StepStatus;
import dev.distillery.contract.StepSummary;
import dev.distillery.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator, running under the ServiceAccount of manifests/, against a real API server: the Jobs
 * it creates, the status it derives from Job and pod status the test writes (there is no Job
 * controller), suspend and resume, failure, deletion, and never recreating a finished run's Jobs.
 */
class DistillationOperatorIT {

    private static final String NAMESPACE = "operator-it";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KubernetesClient admin;
    private static Operators operator;
    private static JobController jobs;

    /** One teacher, two students, parallelism 1: teacher-0, soft-labels, 2 students, report. */
    static String spec(String name, String extra) {
        return """
                apiVersion: distillery.dev/v1alpha1
                kind: Distillation
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  dataset:
                    name: fashion-mnist
                    limit: 200
                  storage:
                    uri: s3://artifacts/%s
                    endpoint: http://minio.storage:9000
                    credentialsSecret: s3-credentials
                  teacher:
                    model: cnn:8,16
                    training:
                      epochs: 1
                  students:
                    - name: mlp
                      model: mlp:32
                    - name: cnn
                      model: cnn:4,8
                  parallelism: 1
                  pod:
                    nodeSelector:
                      pool: gpu
                    tolerations:
                      - key: nvidia.com/gpu
                        operator: Exists
                        effect: NoSchedule
                  resources:
                    teacher:
                      cpu: "1"
                      memory: 1Gi
                      gpu: 1
                %s"""
                .formatted(name, NAMESPACE, name, extra.indent(2));
    }

    @BeforeAll
    static void start() {
        admin = ApiServer.admin();
        ApiServer.namespace(admin, NAMESPACE);
        operator = Operators.start(NAMESPACE);
        jobs = new JobController(admin, NAMESPACE);
    }

    @AfterAll
    static void stop() {
        operator.close();
        admin.close();
    }

    static Distillation apply(KubernetesClient client, String yaml) {
        Distillation distillation = DistillationYaml.parse(yaml, "it.yaml");
        return client.resource(distillation).create();
    }

    static Distillation get(KubernetesClient client, String namespace, String name) {
        return client.resources(Distillation.class).inNamespace(namespace).withName(name).get();
    }

    private static DistillationStatus status(String name) {
        return get(admin, NAMESPACE, name).getStatus();
    }

    private static List<String> jobNames(String distillation) {
        return admin
                .batch()
                .v1()
                .jobs()
                .inNamespace(NAMESPACE)
                .withLabel("distillery.dev/distillation", distillation)
                .list()
                .getItems()
                .stream()
                .map(j -> j.getMetadata().getName())
                .sorted()
                .toList();
    }

    private static Job job(String name) {
        return admin.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
    }

    private static void waitForJob(String name) {
        Eventually.until(WAIT, () -> job(name) != null);
    }

    private static void waitForPhase(String distillation, Phase phase) {
        Eventually.until(
                WAIT,
                () -> {
                    DistillationStatus status = status(distillation);
                    return status != null && status.getPhase() == phase;
                });
    }

    private static StepStatus step(String distillation, String step) {
        return status(distillation).getSteps().stream()
                .filter(s -> s.getName().equals(step))
                .findFirst()
                .orElseThrow();
    }

    private static List<Event> events(String distillation) {
        return admin.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> distillation.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private static String trained(double accuracy, long parameters) {
        return new StepSummary("train", null, accuracy, parameters, 1, 200L, 3.0, false, null)
                .toJson();
    }

    @Test
    void createsTheTeacherJobFirstWithALockedDownPodSpec() {
        Distillation created = apply(admin, spec("first", ""));

        waitForJob("first-teacher-0");
        Job job = job("first-teacher-0");
        assertThat(jobNames("first")).containsExactly("first-teacher-0");
        assertThat(job.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(
                        owner -> {
                            assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
                            assertThat(owner.getController()).isTrue();
                        });
        assertThat(job.getMetadata().getLabels())
                .containsEntry("distillery.dev/distillation", "first")
                .containsEntry("distillery.dev/stage", "teacher");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container step = pod.getContainers().get(0);
        assertThat(step.getImage()).isEqualTo("registry.test/distillery-step:it");
        assertThat(step.getArgs()).startsWith("train", "--output");
        assertThat(step.getArgs()).containsSubsequence("--model", "cnn:8,16");
        assertThat(step.getArgs()).contains("--device", "gpu");
        assertThat(step.getResources().getLimits()).containsKeys("cpu", "memory", "nvidia.com/gpu");
        assertThat(step.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(step.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType())
                .isEqualTo("RuntimeDefault");
        assertThat(pod.getNodeSelector()).containsEntry("pool", "gpu");
        assertThat(pod.getTolerations()).hasSize(1);
        assertThat(step.getEnv())
                .filteredOn(e -> e.getName().equals("AWS_SECRET_ACCESS_KEY"))
                .singleElement()
                .satisfies(
                        e ->
                                assertThat(e.getValueFrom().getSecretKeyRef().getName())
                                        .isEqualTo("s3-credentials"));
        assertThat(job.getSpec().getPodFailurePolicy().getRules()).hasSize(2);
        assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("sidecar.istio.io/inject", "false");

        Eventually.until(
                WAIT,
                () -> status("first") != null && step("first", "teacher-0").getJobName() != null);
        DistillationStatus status = status("first");
        assertThat(status.getPhase()).isEqualTo(Phase.PENDING);
        assertThat(status.getSteps())
                .extracting(StepStatus::getName)
                .containsExactly(
                        "teacher-0", "soft-labels", "student-mlp", "student-cnn", "report");
        assertThat(status.getConditions())
                .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(1L));
    }

    @Test
    void drivesTheRunToSucceededFromJobAndPodStatusAndNeverRecreatesItsJobs() throws Exception {
        apply(admin, spec("full", ""));
        waitForJob("full-teacher-0");
        jobs.start("full-teacher-0");
        waitForPhase("full", Phase.RUNNING);

        jobs.succeed("full-teacher-0", trained(0.91, 90_000));
        waitForJob("full-soft-labels");
        // The Job is created before the status that follows from it is written.
        Eventually.until(
                WAIT, () -> Double.valueOf(0.91).equals(status("full").getTeacher().getAccuracy()));
        jobs.succeed(
                "full-soft-labels",
                "{\"step\":\"soft-labels\",\"samples\":200,\"seconds\":2.0,\"resumed\":false}");
        waitForJob("full-student-mlp");
        assertThat(jobNames("full")).doesNotContain("full-student-cnn");
        jobs.succeed("full-student-mlp", trained(0.84, 3_000));
        waitForJob("full-student-cnn");
        jobs.succeed("full-student-cnn", trained(0.86, 2_000));
        waitForJob("full-report");
        jobs.succeed("full-report", "{\"step\":\"report\",\"seconds\":1.0,\"resumed\":false}");
        waitForPhase("full", Phase.SUCCEEDED);

        DistillationStatus status = status("full");
        assertThat(status.getBest().getName()).isEqualTo("cnn");
        assertThat(status.getBest().getAccuracy()).isEqualTo(0.86);
        assertThat(status.getProgress()).isEqualTo("2/2");
        assertThat(status.getSoftLabels().getSamples()).isEqualTo(200L);
        assertThat(status.getSteps())
                .allSatisfy(s -> assertThat(s.getPhase()).isEqualTo(StepPhase.SUCCEEDED));
        assertThat(Conditions.get(status, Conditions.SUCCEEDED).orElseThrow().getStatus())
                .isEqualTo("True");
        Eventually.until(
                WAIT,
                () ->
                        events("full").stream()
                                .map(Event::getReason)
                                .toList()
                                .containsAll(
                                        List.of(
                                                "TeacherReady",
                                                "SoftLabelsReady",
                                                "StudentsReady",
                                                "Succeeded")));
        // A step's start and success show in the status; Events tell the stages and the outcome.
        assertThat(events("full"))
                .extracting(Event::getReason)
                .doesNotContain("StepRunning", "StepSucceeded", "Running");

        Process wait =
                new ProcessBuilder(
                                ApiServer.kubectl().toString(),
                                "--kubeconfig",
                                ApiServer.kubeconfigFile().toString(),
                                "-n",
                                NAMESPACE,
                                "wait",
                                "--for=condition=Succeeded",
                                "distillation/full",
                                "--timeout=20s")
                        .redirectErrorStream(true)
                        .start();
        assertThat(wait.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(wait.getInputStream().readAllBytes())).contains("condition met");
        assertThat(wait.exitValue()).isZero();

        admin.batch()
                .v1()
                .jobs()
                .inNamespace(NAMESPACE)
                .withLabel("distillery.dev/distillation", "full")
                .delete();
        Eventually.until(WAIT, () -> jobNames("full").isEmpty());
        patchSpec("full", "{\"parallelism\":2}");
        Thread.sleep(2000); // give a wrongly recreating operator the time to do it
        assertThat(jobNames("full")).isEmpty();
        assertThat(status("full").getPhase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(status("full").getBest().getName()).isEqualTo("cnn");
    }

    @Test
    void aBadInputExitFailsTheRunAndTellsWhy() {
        apply(admin, spec("broken", ""));
        waitForJob("broken-teacher-0");

        jobs.fail("broken-teacher-0", 65, "dataset: train-images-idx3-ubyte.gz is truncated");
        waitForPhase("broken", Phase.FAILED);

        DistillationStatus status = status("broken");
        assertThat(Conditions.get(status, Conditions.FAILED).orElseThrow().getReason())
                .isEqualTo("StepFailed");
        assertThat(step("broken", "teacher-0").getMessage())
                .contains("exit code 65 (bad input)")
                .contains("train-images-idx3-ubyte.gz is truncated");
        Eventually.until(
                WAIT,
                () ->
                        events("broken").stream()
                                .anyMatch(
                                        e ->
                                                "StepFailed".equals(e.getReason())
                                                        && "Warning".equals(e.getType())));
        assertThat(jobNames("broken")).containsExactly("broken-teacher-0");
    }

    @Test
    void aPodThatCannotStartIsReportedThenFailsItsStepAfterTheStartTimeout() {
        apply(admin, spec("stuck", ""));
        waitForJob("stuck-teacher-0");
        jobs.start("stuck-teacher-0");
        long started = System.nanoTime();

        jobs.waiting(
                "stuck-teacher-0",
                "CreateContainerConfigError",
                "secret \"s3-credentials\" not found");
        Eventually.until(
                WAIT,
                () ->
                        Conditions.get(status("stuck"), Conditions.TEACHER_READY)
                                .map(c -> Reasons.POD_NOT_STARTING.equals(c.getReason()))
                                .orElse(false));
        assertThat(step("stuck", "teacher-0").getWaiting()).isEqualTo("CreateContainerConfigError");
        assertThat(step("stuck", "teacher-0").getMessage())
                .isEqualTo(
                        "pod stuck-teacher-0-w cannot start: CreateContainerConfigError: secret"
                                + " \"s3-credentials\" not found");

        waitForPhase("stuck", Phase.FAILED);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isGreaterThanOrEqualTo(Operators.POD_START_TIMEOUT.minusSeconds(1));
        assertThat(step("stuck", "teacher-0").getMessage())
                .contains("CreateContainerConfigError")
                .contains("longer than the pod start timeout of 8s");
        Job stopped = job("stuck-teacher-0");
        assertThat(stopped.getSpec().getSuspend()).isTrue();
        assertThat(stopped.getMetadata().getAnnotations().get(Labels.FAILURE_ANNOTATION))
                .contains("CreateContainerConfigError");
        assertThat(jobNames("stuck")).containsExactly("stuck-teacher-0");
    }

    @Test
    void suspendsAndResumesTheRunningJobs() {
        apply(admin, spec("pause", ""));
        waitForJob("pause-teacher-0");
        jobs.start("pause-teacher-0");
        waitForPhase("pause", Phase.RUNNING);

        patchSpec("pause", "{\"suspend\":true}");
        Eventually.until(
                WAIT, () -> Boolean.TRUE.equals(job("pause-teacher-0").getSpec().getSuspend()));
        waitForPhase("pause", Phase.SUSPENDED);
        assertThat(Conditions.get(status("pause"), Conditions.SUSPENDED).orElseThrow().getStatus())
                .isEqualTo("True");

        patchSpec("pause", "{\"suspend\":false}");
        Eventually.until(
                WAIT, () -> Boolean.FALSE.equals(job("pause-teacher-0").getSpec().getSuspend()));
        Eventually.until(
                WAIT,
                () ->
                        Conditions.get(status("pause"), Conditions.SUSPENDED)
                                .orElseThrow()
                                .getStatus()
                                .equals("False"));
        assertThat(jobNames("pause")).containsExactly("pause-teacher-0");
    }

    @Test
    void aSuspendedOrQueuedRunCreatesJobsOnlyAsAllowed() {
        apply(admin, spec("held", "suspend: true"));
        waitForPhase("held", Phase.SUSPENDED);
        assertThat(jobNames("held")).isEmpty();

        apply(admin, spec("queued", "queueName: gpu-queue"));
        waitForJob("queued-teacher-0");
        Job job = job("queued-teacher-0");
        assertThat(job.getSpec().getSuspend()).isTrue();
        assertThat(job.getMetadata().getLabels())
                .containsEntry("kueue.x-k8s.io/queue-name", "gpu-queue");
    }

    @Test
    void deletionFinishesWithinItsBudgetWhenStorageIsDown() {
        apply(
                admin,
                spec("gone", "cleanupPolicy: Delete")
                        .replace("http://minio.storage:9000", "http://127.0.0.1:1"));
        waitForJob("gone-teacher-0");
        jobs.succeed("gone-teacher-0", trained(0.9, 9_000));
        waitForJob("gone-soft-labels");
        Distillation live = get(admin, NAMESPACE, "gone");
        assertThat(live.getMetadata().getFinalizers()).contains("distillery.dev/artifact-cleanup");

        admin.resources(Distillation.class).inNamespace(NAMESPACE).withName("gone").delete();

        Eventually.until(Duration.ofSeconds(20), () -> get(admin, NAMESPACE, "gone") == null);
        Eventually.until(
                WAIT,
                () ->
                        events("gone").stream()
                                .anyMatch(e -> "ArtifactCleanupFailed".equals(e.getReason())));
        assertThat(job("gone-teacher-0").getMetadata().getOwnerReferences().get(0).getUid())
                .isEqualTo(live.getMetadata().getUid());
    }

    @Test
    void runsShardedSoftLabelsAsAnIndexedJobTheApiServerAccepts() {
        apply(admin, spec("sharded", "softLabels:\n  shards: 2\nttlSecondsAfterFinished: 300"));
        waitForJob("sharded-teacher-0");
        jobs.succeed("sharded-teacher-0", trained(0.9, 9_000));
        waitForJob("sharded-soft-labels");

        Job softLabels = job("sharded-soft-labels");
        assertThat(softLabels.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(softLabels.getSpec().getCompletions()).isEqualTo(2);
        assertThat(softLabels.getSpec().getTtlSecondsAfterFinished()).isEqualTo(300);
        assertThat(softLabels.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsSequence("--shard", "$(JOB_COMPLETION_INDEX)", "--shards", "2");

        jobs.succeed(
                "sharded-soft-labels",
                "{\"step\":\"soft-labels\",\"samples\":100,\"seconds\":1.0,\"resumed\":false}");
        waitForJob("sharded-student-mlp");
        Eventually.until(
                WAIT, () -> step("sharded", "soft-labels").getPhase() == StepPhase.SUCCEEDED);
    }

    @Test
    void deletionWithTheRetainPolicyIsImmediate() {
        apply(admin, spec("kept", ""));
        waitForJob("kept-teacher-0");

        // By name: a delete of a stale copy would carry its resourceVersion as a precondition.
        admin.resources(Distillation.class).inNamespace(NAMESPACE).withName("kept").delete();

        Eventually.until(Duration.ofSeconds(10), () -> get(admin, NAMESPACE, "kept") == null);
        assertThat(events("kept")).noneMatch(e -> e.getReason().startsWith("Artifact"));
    }

    @Test
    void exposesPrometheusMetrics() {
        Eventually.until(
                WAIT, () -> operator.metrics().scrape().contains("distillery_step_jobs_total"));
        String scrape = operator.metrics().scrape();
        assertThat(scrape)
                .contains("distillery_reconciliations_total")
                .contains("distillery_reconciliation_duration_seconds_bucket")
                .contains("distillery_reconciliation_cpu_seconds_bucket")
                .contains("distillery_reconciliation_queue")
                .contains("distillery_distillations{phase=\"Pending\"}");
    }

    private static void patchSpec(String name, String json) {
        admin.resources(Distillation.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":" + json + "}");
    }
}
