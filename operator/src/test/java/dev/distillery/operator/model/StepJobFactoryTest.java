package dev.distillery.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlannedStep;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StepJobFactoryTest {

    private final Distillation quick = Fixtures.distillation(Fixtures.QUICKSTART);
    private final Plan plan = Fixtures.plan(quick);

    private Job job(String step) {
        return Fixtures.created(quick, Fixtures.step(plan, step));
    }

    private static Container container(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, EnvVar> env(Job job) {
        return container(job).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, Function.identity()));
    }

    @Test
    void namesJobsAfterTheDistillationAndStepAndOwnsThemAsController() {
        Job job = job("student-mlp-small");

        assertThat(job.getMetadata().getName()).isEqualTo("quick-student-mlp-small");
        assertThat(job.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(job.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(
                        owner -> {
                            assertThat(owner.getApiVersion()).isEqualTo("distillery.dev/v1alpha1");
                            assertThat(owner.getKind()).isEqualTo("Distillation");
                            assertThat(owner.getName()).isEqualTo("quick");
                            assertThat(owner.getUid()).isEqualTo(quick.getMetadata().getUid());
                            assertThat(owner.getController()).isTrue();
                            assertThat(owner.getBlockOwnerDeletion()).isTrue();
                        });
    }

    @Test
    void cutsLongNamesTo63CharactersWithAHashThatKeepsThemApart() {
        String longName = "a-distillation-with-a-rather-long-name-for-its-team";
        Distillation distillation =
                Fixtures.distillation(
                        Fixtures.QUICKSTART.replace("name: quick", "name: " + longName));
        Plan longPlan = Fixtures.plan(distillation);

        List<String> names =
                longPlan.steps().stream()
                        .map(step -> StepJobFactory.jobName(distillation, step))
                        .toList();

        assertThat(names).allSatisfy(name -> assertThat(name).hasSizeLessThanOrEqualTo(63));
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names)
                .allSatisfy(name -> assertThat(name).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"));
        assertThat(StepJobFactory.jobName(distillation, longPlan.steps().get(4)))
                .isEqualTo(StepJobFactory.jobName(distillation, longPlan.steps().get(4)));
    }

    @Test
    void labelsJobsAndPodsWithDistillationStageAndStudent() {
        Job job = job("student-cnn-tiny");
        Map<String, String> expected =
                Map.of(
                        "distillery.dev/distillation", "quick",
                        "distillery.dev/stage", "student",
                        "distillery.dev/student", "cnn-tiny");

        assertThat(job.getMetadata().getLabels()).containsAllEntriesOf(expected);
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(expected);
        assertThat(job("teacher-0").getMetadata().getLabels())
                .containsEntry("distillery.dev/stage", "teacher")
                .doesNotContainKey("distillery.dev/student");
        assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("sidecar.istio.io/inject", "false");
    }

    @Test
    void runsTheStepCliWithThePlannedArgumentsInTheDefaultOrSpecImage() {
        PlannedStep step = Fixtures.step(plan, "teacher-1");
        Container container = container(job("teacher-1"));

        assertThat(container.getImage()).isEqualTo("registry.example/distillery-step:test");
        assertThat(container.getCommand()).containsExactly("distillery-step");
        // The planned arguments, then where the step stores its log: beside its artifact.
        assertThat(container.getArgs())
                .startsWith(step.args().toArray(String[]::new))
                .endsWith("--log", step.output() + ".log")
                .hasSize(step.args().size() + 2);
        assertThat(container.getArgs())
                .startsWith("train", "--output", step.output(), "--model", "cnn:16,32");

        Distillation own =
                Fixtures.distillation(
                        Fixtures.QUICKSTART.replace(
                                "  parallelism: 1", "  parallelism: 1\n  image: mine/step:1"));
        assertThat(container(Fixtures.created(own, Fixtures.step(plan, "teacher-1"))).getImage())
                .isEqualTo("mine/step:1");
    }

    @Test
    void requestsCpuMemoryAndGpusUnderTheConfiguredResourceName() {
        Distillation gpu =
                Fixtures.distillation(
                        Fixtures.QUICKSTART.replace(
                                "  parallelism: 1",
                                "  parallelism: 1\n  resources:\n    students:\n      cpu: 500m\n"
                                        + "      memory: 2Gi\n      gpu: 1"));
        PlannedStep step = Fixtures.step(Fixtures.plan(gpu), "student-mlp-small");
        Job job = new StepJobFactory(new JobSettings("img", "amd.com/gpu", 2)).job(gpu, step);
        Map<String, Quantity> limits = container(job).getResources().getLimits();

        assertThat(limits)
                .containsEntry("cpu", new Quantity("500m"))
                .containsEntry("memory", new Quantity("2Gi"))
                .containsEntry("amd.com/gpu", new Quantity("1"))
                .doesNotContainKey("nvidia.com/gpu");
        assertThat(container(job).getResources().getRequests()).isEqualTo(limits);
        assertThat(container(job).getArgs()).containsSequence("--device", "gpu");
    }

    @Test
    void copiesSchedulingSettingsFromTheSpec() {
        Distillation placed =
                Fixtures.distillation(
                        Fixtures.QUICKSTART.replace(
                                "  parallelism: 1",
                                """
                                  parallelism: 1
                                  pod:
                                    nodeSelector:
                                      pool: gpu
                                    tolerations:
                                      - key: nvidia.com/gpu
                                        operator: Exists
                                        effect: NoSchedule
                                    affinity:
                                      nodeAffinity:
                                        requiredDuringSchedulingIgnoredDuringExecution:
                                          nodeSelectorTerms:
                                            - matchExpressions:
                                                - key: zone
                                                  operator: In
                                                  values: [a]
                                    priorityClassName: batch-low
                                    serviceAccountName: trainer
                                """));
        PodSpec pod =
                Fixtures.created(placed, Fixtures.step(plan, "teacher-0"))
                        .getSpec()
                        .getTemplate()
                        .getSpec();

        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("pool", "gpu"));
        assertThat(pod.getTolerations())
                .singleElement()
                .satisfies(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
        assertThat(
                        pod.getAffinity()
                                .getNodeAffinity()
                                .getRequiredDuringSchedulingIgnoredDuringExecution()
                                .getNodeSelectorTerms())
                .hasSize(1);
        assertThat(pod.getPriorityClassName()).isEqualTo("batch-low");
        assertThat(pod.getServiceAccountName()).isEqualTo("trainer");
    }

    @Test
    void passesStorageCredentialsOnlyBySecretReference() {
        Map<String, EnvVar> env = env(job("soft-labels"));

        assertThat(env.get("AWS_ENDPOINT_URL").getValue()).isEqualTo("http://minio.storage:9000");
        assertThat(env.get("AWS_REGION").getValue()).isEqualTo("eu-central-1");
        assertThat(env.get("DISTILLERY_S3_ADDRESSING_STYLE").getValue()).isEqualTo("path");
        for (String key : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
            EnvVar credential = env.get(key);
            assertThat(credential.getValue()).isNull();
            assertThat(credential.getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo("s3-credentials");
            assertThat(credential.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(key);
        }
    }

    @Test
    void locksThePodDown() {
        Job job = job("student-mlp-small");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container container = container(job);

        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType())
                .isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop())
                .containsExactly("ALL");
        assertThat(container.getVolumeMounts())
                .extracting(m -> m.getMountPath())
                .containsExactlyInAnyOrder("/scratch", "/tmp");
        assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
        assertThat(env(job).get("DJL_CACHE_DIR").getValue()).startsWith("/scratch");
        assertThat(container.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    }

    @Test
    void retriesDisruptionsAndFailsFastOnBadInputAndUsage() {
        Job job = job("teacher-0");
        List<PodFailurePolicyRule> rules = job.getSpec().getPodFailurePolicy().getRules();

        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(3);
        assertThat(rules)
                .anySatisfy(
                        rule -> {
                            assertThat(rule.getAction()).isEqualTo("FailJob");
                            assertThat(rule.getOnExitCodes().getContainerName()).isEqualTo("step");
                            assertThat(rule.getOnExitCodes().getOperator()).isEqualTo("In");
                            assertThat(rule.getOnExitCodes().getValues())
                                    .containsExactlyInAnyOrder(65, 2);
                        });
        assertThat(rules)
                .anySatisfy(
                        rule -> {
                            assertThat(rule.getAction()).isEqualTo("Ignore");
                            assertThat(rule.getOnPodConditions())
                                    .singleElement()
                                    .satisfies(
                                            c -> {
                                                assertThat(c.getType())
                                                        .isEqualTo("DisruptionTarget");
                                                assertThat(c.getStatus()).isEqualTo("True");
                                            });
                        });
    }

    @Test
    void runsShardedSoftLabelsAsAnIndexedJobWithTheShardFromTheCompletionIndex() {
        Distillation sharded =
                Fixtures.distillation(
                        Fixtures.QUICKSTART.replace(
                                "  parallelism: 1",
                                "  parallelism: 1\n  softLabels:\n    shards: 3"));
        Job job = Fixtures.created(sharded, Fixtures.step(Fixtures.plan(sharded), "soft-labels"));

        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getCompletions()).isEqualTo(3);
        assertThat(job.getSpec().getParallelism()).isEqualTo(3);
        assertThat(container(job).getArgs())
                .containsSequence("--shard", "$(JOB_COMPLETION_INDEX)", "--shards", "3")
                .endsWith(
                        "--log",
                        Fixtures.step(Fixtures.plan(sharded), "soft-labels").output()
                                + ".shard-$(JOB_COMPLETION_INDEX).log");
        assertThat(env(job).get("JOB_COMPLETION_INDEX").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
        assertThat(job("soft-labels").getSpec().getCompletionMode()).isEqualTo("NonIndexed");
    }

    @Test
    void queuesThroughKueueSuspendedAndHonoursSuspendAndTtl() {
        assertThat(job("teacher-0").getSpec().getSuspend()).isFalse();
        assertThat(job("teacher-0").getSpec().getTtlSecondsAfterFinished()).isNull();

        Distillation queued =
                Fixtures.distillation(
                        Fixtures.QUICKSTART.replace(
                                "  parallelism: 1",
                                "  parallelism: 1\n  queueName: gpu-queue\n"
                                        + "  ttlSecondsAfterFinished: 600"));
        Job job = Fixtures.created(queued, Fixtures.step(plan, "teacher-0"));
        assertThat(job.getMetadata().getLabels())
                .containsEntry("kueue.x-k8s.io/queue-name", "gpu-queue");
        assertThat(job.getSpec().getSuspend()).isTrue();
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);

        Distillation suspended =
                Fixtures.distillation(
                        Fixtures.QUICKSTART.replace(
                                "  parallelism: 1", "  parallelism: 1\n  suspend: true"));
        assertThat(
                        Fixtures.created(suspended, Fixtures.step(plan, "teacher-0"))
                                .getSpec()
                                .getSuspend())
                .isTrue();
    }

    @Test
    void rejectsSettingsThatCannotWork() {
        assertThatThrownBy(() -> new JobSettings("img", "gpu", 2))
                .hasMessageContaining("nvidia.com/gpu");
        assertThatThrownBy(() -> new JobSettings(" ", "nvidia.com/gpu", 2))
                .hasMessageContaining("image");
    }
}
