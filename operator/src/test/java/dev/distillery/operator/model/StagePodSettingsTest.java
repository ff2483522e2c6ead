package dev.distillery.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.spec.ReservedNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import org.junit.jupiter.api.Test;

/** spec.pod and spec.stages land in every step's pod template, each stage laid over the spec. */
class StagePodSettingsTest {

    /** GPU placement and extras for every step; a report off the GPU pool; merged student lists. */
    static final String STAGED =
            Fixtures.QUICKSTART.replace(
                    "  parallelism: 1",
                    """
                      parallelism: 1
                      pod:
                        nodeSelector: {pool: gpu}
                        tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
                        affinity:
                          nodeAffinity:
                            requiredDuringSchedulingIgnoredDuringExecution:
                              nodeSelectorTerms:
                                - matchExpressions: [{key: zone, operator: In, values: [a]}]
                        runtimeClassName: nvidia
                        imagePullSecrets: [{name: registry}]
                        env:
                          - {name: NCCL_DEBUG, value: WARN}
                          - name: WANDB_API_KEY
                            valueFrom: {secretKeyRef: {name: wandb, key: key}}
                        volumes:
                          - {name: datasets, persistentVolumeClaim: {claimName: datasets}}
                          - {name: cache, emptyDir: {}}
                        volumeMounts:
                          - {name: datasets, mountPath: /datasets, readOnly: true}
                          - {name: cache, mountPath: /cache}
                      stages:
                        - {name: teacher, activeDeadlineSeconds: 14400}
                        - name: report
                          activeDeadlineSeconds: 600
                          pod: {nodeSelector: {}, tolerations: [], runtimeClassName: runc}
                        - name: students
                          pod:
                            nodeSelector: {pool: small-gpu}
                            imagePullSecrets: [{name: mirror}]
                            env:
                              - {name: NCCL_DEBUG, value: INFO}
                              - {name: OMP_NUM_THREADS, value: "4"}
                            volumes: [{name: cache, persistentVolumeClaim: {claimName: cache}}]
                            volumeMounts: [{name: cache, mountPath: /cache, subPath: students}]
                    """);

    private final Distillation staged = Fixtures.distillation(STAGED);
    private final Plan plan = Fixtures.plan(staged);

    private Job job(String step) {
        return Fixtures.created(staged, Fixtures.step(plan, step));
    }

    private static PodSpec pod(Job job) {
        return job.getSpec().getTemplate().getSpec();
    }

    private static Container container(Job job) {
        return pod(job).getContainers().get(0);
    }

    @Test
    void everySettingOfSpecPodLandsInThePodTemplate() {
        Job teacher = job("teacher-0");

        assertThat(pod(teacher).getNodeSelector()).containsOnlyKeys("pool");
        assertThat(pod(teacher).getTolerations()).hasSize(1);
        assertThat(pod(teacher).getAffinity().getNodeAffinity()).isNotNull();
        assertThat(pod(teacher).getRuntimeClassName()).isEqualTo("nvidia");
        assertThat(pod(teacher).getImagePullSecrets())
                .extracting(LocalObjectReference::getName)
                .containsExactly("registry");
        assertThat(pod(teacher).getVolumes())
                .extracting(Volume::getName)
                .containsExactly("scratch", "tmp", "datasets", "cache");
        assertThat(container(teacher).getVolumeMounts())
                .extracting(VolumeMount::getMountPath)
                .containsExactly("/scratch", "/tmp", "/datasets", "/cache");
        List<String> env = container(teacher).getEnv().stream().map(EnvVar::getName).toList();
        assertThat(env).endsWith("NCCL_DEBUG", "WANDB_API_KEY").contains("HOME", "AWS_REGION");
        assertThat(container(teacher).getEnv().get(env.indexOf("WANDB_API_KEY")).getValueFrom())
                .isNotNull();
    }

    @Test
    void aStageDeadlineBoundsOnlyThatStagesJobs() {
        assertThat(job("teacher-0").getSpec().getActiveDeadlineSeconds()).isEqualTo(14400L);
        assertThat(job("teacher-1").getSpec().getActiveDeadlineSeconds()).isEqualTo(14400L);
        assertThat(job("report").getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
        assertThat(job("soft-labels").getSpec().getActiveDeadlineSeconds()).isNull();
        assertThat(job("student-mlp-small").getSpec().getActiveDeadlineSeconds()).isNull();
    }

    @Test
    void anEmptyStagePlacementClearsTheSpecsAndItsValuesReplaceTheSpecs() {
        Job report = job("report");

        assertThat(pod(report).getNodeSelector()).isEmpty();
        assertThat(pod(report).getTolerations()).isEmpty();
        assertThat(pod(report).getRuntimeClassName()).isEqualTo("runc");
        assertThat(pod(report).getAffinity().getNodeAffinity())
                .as("affinity is not given by the stage, so the spec's applies")
                .isNotNull();
        assertThat(pod(report).getImagePullSecrets())
                .extracting(LocalObjectReference::getName)
                .containsExactly("registry");
    }

    @Test
    void aStageMergesNamedListsByKeyAndCoversBaselinesToo() {
        for (String step : List.of("student-mlp-small", "baseline-mlp-small")) {
            Job student = job(step);

            assertThat(pod(student).getNodeSelector()).containsEntry("pool", "small-gpu");
            assertThat(pod(student).getTolerations()).hasSize(1);
            assertThat(pod(student).getImagePullSecrets())
                    .extracting(LocalObjectReference::getName)
                    .containsExactly("registry", "mirror");
            assertThat(pod(student).getVolumes())
                    .extracting(Volume::getName)
                    .containsExactly("scratch", "tmp", "datasets", "cache");
            assertThat(pod(student).getVolumes().get(3).getPersistentVolumeClaim().getClaimName())
                    .isEqualTo("cache");
            assertThat(container(student).getVolumeMounts())
                    .extracting(VolumeMount::getMountPath)
                    .containsExactly("/scratch", "/tmp", "/datasets", "/cache");
            assertThat(container(student).getVolumeMounts().get(3).getSubPath())
                    .isEqualTo("students");
            List<EnvVar> env = container(student).getEnv();
            assertThat(env.subList(env.size() - 3, env.size()))
                    .extracting(EnvVar::getName, EnvVar::getValue)
                    .containsExactly(
                            tuple("NCCL_DEBUG", "INFO"),
                            tuple("WANDB_API_KEY", null),
                            tuple("OMP_NUM_THREADS", "4"));
        }
    }

    @Test
    void withoutPodSettingsThePodHasOnlyTheOperatorsOwn() {
        Distillation plain = Fixtures.distillation(Fixtures.QUICKSTART);
        Job report = Fixtures.created(plain, Fixtures.step(Fixtures.plan(plain), "report"));

        assertThat(report.getSpec().getActiveDeadlineSeconds()).isNull();
        assertThat(pod(report).getRuntimeClassName()).isNull();
        assertThat(pod(report).getImagePullSecrets()).isNullOrEmpty();
        assertThat(pod(report).getVolumes())
                .extracting(Volume::getName)
                .containsExactly("scratch", "tmp");
    }

    /** Validation rejects these names in spec.pod.env: the list must hold every one we set. */
    @Test
    void everyVariableTheOperatorSetsIsReserved() {
        Distillation sharded =
                Fixtures.distillation(
                        Fixtures.QUICKSTART.replace(
                                "  parallelism: 1",
                                "  parallelism: 1\n  softLabels:\n    shards: 3"));
        Job job = Fixtures.created(sharded, Fixtures.step(Fixtures.plan(sharded), "soft-labels"));

        assertThat(container(job).getEnv())
                .extracting(EnvVar::getName)
                .hasSize(ReservedNames.ENV.size())
                .allMatch(ReservedNames.ENV::contains);
        assertThat(pod(job).getVolumes())
                .extracting(Volume::getName)
                .containsExactlyElementsOf(ReservedNames.VOLUMES);
        assertThat(container(job).getVolumeMounts())
                .extracting(VolumeMount::getMountPath)
                .containsExactlyElementsOf(ReservedNames.MOUNT_PATHS);
    }
}
