package dev.distillery.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.plan.Planner;
import dev.distillery.operator.model.StepJobFactory;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Distillation with every pod setting and per-stage override is admitted by the committed CRD,
 * and the Job the factory builds for each of its steps is accepted by a real API server (a
 * server-side dry run, as the operator's ServiceAccount), keeping the settings.
 */
class StepJobAdmissionIT {

    private static final String NAMESPACE = "pod-settings";

    static final String STAGED =
            """
            apiVersion: distillery.dev/v1alpha1
            kind: Distillation
            metadata:
              name: staged
              namespace: pod-settings
            spec:
              dataset: {name: fashion-mnist, limit: 100}
              storage: {uri: s3://bucket/runs, endpoint: http://minio:9000, credentialsSecret: s3, region: eu-central-1}
              teacher: {model: 'cnn:4', ensemble: 2}
              softLabels: {shards: 2}
              students:
                - {name: small, model: 'mlp:16'}
              baseline: true
              resources:
                teacher: {cpu: "1", memory: 1Gi, gpu: 1}
              pod:
                nodeSelector: {pool: gpu}
                tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                        - matchExpressions: [{key: zone, operator: In, values: [a, b]}]
                runtimeClassName: nvidia
                priorityClassName: batch-low
                serviceAccountName: trainer
                imagePullSecrets: [{name: registry}]
                env:
                  - {name: NCCL_DEBUG, value: WARN}
                  - name: WANDB_API_KEY
                    valueFrom: {secretKeyRef: {name: wandb, key: key}}
                  - name: NODE
                    valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
                volumes:
                  - {name: datasets, persistentVolumeClaim: {claimName: datasets, readOnly: true}}
                  - {name: settings, configMap: {name: settings, optional: true}}
                  - {name: shm, emptyDir: {medium: Memory, sizeLimit: 1Gi}}
                volumeMounts:
                  - {name: datasets, mountPath: /datasets, readOnly: true}
                  - {name: settings, mountPath: /etc/settings}
                  - {name: shm, mountPath: /dev/shm}
              stages:
                - {name: teacher, activeDeadlineSeconds: 14400}
                - {name: softLabels, activeDeadlineSeconds: 1800}
                - name: students
                  pod:
                    nodeSelector: {pool: small-gpu}
                    env: [{name: NCCL_DEBUG, value: INFO}]
                    volumes: [{name: cache, persistentVolumeClaim: {claimName: cache}}]
                    volumeMounts: [{name: cache, mountPath: /cache, subPath: students}]
                - name: report
                  activeDeadlineSeconds: 600
                  pod: {nodeSelector: {}, tolerations: [], runtimeClassName: runc}
            """;

    private static KubernetesClient admin;
    private static KubernetesClient operator;

    @BeforeAll
    static void connect() {
        admin = ApiServer.admin();
        operator = ApiServer.asOperator();
        ApiServer.namespace(admin, NAMESPACE);
    }

    @AfterAll
    static void close() {
        operator.close();
        admin.close();
    }

    @Test
    void everyStepJobWithPodSettingsAndStageOverridesIsAcceptedAsBuilt() {
        Distillation created = admin.resource(DistillationYaml.parse(STAGED, "it.yaml")).create();
        StepJobFactory factory = new StepJobFactory(Operators.JOBS);
        Map<String, Job> stored = new LinkedHashMap<>();

        for (PlannedStep step : Planner.plan(created, PlanSettings.CLUSTER).steps()) {
            Job job = factory.job(created, step);
            stored.put(step.name(), operator.resource(job).dryRun().create());
        }

        assertThat(stored)
                .containsKeys(
                        "teacher-0",
                        "teacher-1",
                        "soft-labels",
                        "student-small",
                        "baseline-small",
                        "report");
        assertThat(created.getSpec().stages()).hasSize(4);
        Job teacher = stored.get("teacher-0");
        PodSpec teacherPod = teacher.getSpec().getTemplate().getSpec();
        assertThat(teacher.getSpec().getActiveDeadlineSeconds()).isEqualTo(14400L);
        assertThat(teacherPod.getRuntimeClassName()).isEqualTo("nvidia");
        assertThat(teacherPod.getImagePullSecrets().get(0).getName()).isEqualTo("registry");
        assertThat(teacherPod.getVolumes())
                .extracting(Volume::getName)
                .containsExactly("scratch", "tmp", "datasets", "settings", "shm");
        assertThat(teacherPod.getContainers().get(0).getEnv())
                .extracting(EnvVar::getName)
                .contains("HOME", "AWS_REGION", "NCCL_DEBUG", "WANDB_API_KEY", "NODE");
        assertThat(stored.get("soft-labels").getSpec().getActiveDeadlineSeconds()).isEqualTo(1800L);
        PodSpec student = stored.get("baseline-small").getSpec().getTemplate().getSpec();
        assertThat(student.getNodeSelector()).containsExactly(Map.entry("pool", "small-gpu"));
        assertThat(student.getContainers().get(0).getVolumeMounts()).hasSize(6);
        Job report = stored.get("report");
        PodSpec reportPod = report.getSpec().getTemplate().getSpec();
        assertThat(report.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
        assertThat(reportPod.getNodeSelector()).isNullOrEmpty();
        assertThat(reportPod.getTolerations()).isNullOrEmpty();
        assertThat(reportPod.getRuntimeClassName()).isEqualTo("runc");
        assertThat(admin.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems())
                .as("a dry run stores nothing")
                .isEmpty();
        admin.resource(created).delete();
    }
}
