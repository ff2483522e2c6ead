package dev.distillery.operator.model;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.JobNames;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.spec.ComputeResources;
import dev.distillery.api.spec.DistillationSpec;
import dev.distillery.api.spec.PodSettings;
import dev.distillery.api.spec.ReservedNames;
import dev.distillery.api.spec.StageSettings;
import dev.distillery.api.spec.StorageSpec;
import dev.distillery.contract.ExitCodes;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the batch/v1 Job that runs one planned step of a Distillation: the step CLI in a
 * locked-down pod, owned by the Distillation, named deterministically so a restarted operator finds
 * it again. Pure: it imports no client code and is tested on the objects it returns.
 */
public final class StepJobFactory {

    /** The step container's name, used by the pod failure policy. */
    public static final String CONTAINER = "step";

    /** Where a step writes scratch files and DJL keeps its cache: an emptyDir. */
    public static final String SCRATCH = ReservedNames.SCRATCH_PATH;

    /** The step CLI the image puts on the PATH. */
    public static final String COMMAND = "distillery-step";

    /** The index a pod of an Indexed Job gets, expanded by the kubelet into the arguments. */
    public static final String SHARD_INDEX = "$(JOB_COMPLETION_INDEX)";

    /** The unprivileged user step pods run as. */
    public static final long USER = 65532L;

    private final JobSettings settings;

    public StepJobFactory(JobSettings settings) {
        this.settings = settings;
    }

    /** The settings every Job is built with. */
    public JobSettings settings() {
        return settings;
    }

    /** The Job name of {@code step} in {@code distillation}: at most 63 characters. */
    public static String jobName(Distillation distillation, PlannedStep step) {
        return JobNames.of(distillation.getMetadata().getName(), step.name());
    }

    /** The Job that runs {@code step} of {@code distillation}. */
    public Job job(Distillation distillation, PlannedStep step) {
        DistillationSpec spec = distillation.getSpec();
        Map<String, String> labels = labels(distillation, step);
        boolean sharded = step.shards() > 1;
        return new JobBuilder()
                .withNewMetadata()
                .withName(jobName(distillation, step))
                .withNamespace(distillation.getMetadata().getNamespace())
                .withLabels(jobLabels(labels, spec))
                .addToAnnotations(Labels.STEP_ANNOTATION, step.name())
                .withOwnerReferences(owner(distillation))
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(settings.backoffLimit())
                .withPodFailurePolicy(podFailurePolicy())
                .withCompletionMode(sharded ? "Indexed" : "NonIndexed")
                .withCompletions(step.shards())
                .withParallelism(step.shards())
                .withSuspend(Boolean.TRUE.equals(spec.suspend()) || spec.queueName() != null)
                .withTtlSecondsAfterFinished(spec.ttlSecondsAfterFinished())
                .withActiveDeadlineSeconds(
                        spec.stage(step.stage())
                                .map(StageSettings::activeDeadlineSeconds)
                                .orElse(null))
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .addToAnnotations(Labels.STEP_ANNOTATION, step.name())
                .addToAnnotations(Labels.ISTIO_INJECT, "false")
                .endMetadata()
                .withSpec(podSpec(spec, step))
                .endTemplate()
                .endSpec()
                .build();
    }

    /** The labels of a step's Job and pods. */
    static Map<String, String> labels(Distillation distillation, PlannedStep step) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.DISTILLATION, distillation.getMetadata().getName());
        labels.put(Labels.STAGE, step.stage().label());
        if (step.student() != null) {
            labels.put(Labels.STUDENT, step.student());
        }
        labels.put(Labels.MANAGED_BY, Labels.OPERATOR);
        return labels;
    }

    private static Map<String, String> jobLabels(
            Map<String, String> labels, DistillationSpec spec) {
        Map<String, String> jobLabels = new LinkedHashMap<>(labels);
        if (spec.queueName() != null) {
            jobLabels.put(Labels.KUEUE_QUEUE, spec.queueName());
        }
        return jobLabels;
    }

    private static OwnerReference owner(Distillation distillation) {
        return new OwnerReferenceBuilder()
                .withApiVersion(Distillation.API_VERSION)
                .withKind(distillation.getKind())
                .withName(distillation.getMetadata().getName())
                .withUid(distillation.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /** Disruptions (preemption, node drain) are retried for free; bad input fails the Job now. */
    private static PodFailurePolicy podFailurePolicy() {
        return new PodFailurePolicyBuilder()
                .addNewRule()
                .withAction("FailJob")
                .withNewOnExitCodes()
                .withContainerName(CONTAINER)
                .withOperator("In")
                .withValues(ExitCodes.USAGE, ExitCodes.BAD_INPUT)
                .endOnExitCodes()
                .endRule()
                .addNewRule()
                .withAction("Ignore")
                .addNewOnPodCondition()
                .withType("DisruptionTarget")
                .withStatus("True")
                .endOnPodCondition()
                .endRule()
                .build();
    }

    /** The pod of a step: the operator's lockdown with the stage's pod settings (spec.pod). */
    private PodSpec podSpec(DistillationSpec spec, PlannedStep step) {
        PodSettings pod = spec.pod(step.stage());
        return new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withServiceAccountName(pod.serviceAccountName())
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withNodeSelector(pod.nodeSelector())
                .withTolerations(pod.tolerations())
                .withAffinity(pod.affinity())
                .withPriorityClassName(pod.priorityClassName())
                .withRuntimeClassName(pod.runtimeClassName())
                .withImagePullSecrets(pod.imagePullSecrets())
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(USER)
                .withRunAsGroup(USER)
                .withFsGroup(USER)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .withContainers(container(spec, step, pod))
                .addNewVolume()
                .withName(ReservedNames.SCRATCH_VOLUME)
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .addNewVolume()
                .withName(ReservedNames.TMP_VOLUME)
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .addAllToVolumes(listOf(pod.volumes()))
                .build();
    }

    private Container container(DistillationSpec spec, PlannedStep step, PodSettings pod) {
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(spec.image() != null ? spec.image() : settings.defaultImage())
                .withImagePullPolicy("IfNotPresent")
                .withCommand(COMMAND)
                .withArgs(step.argsForShard(SHARD_INDEX))
                .withEnv(env(spec, step))
                .addAllToEnv(listOf(pod.env()))
                .withResources(resources(step.resources()))
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .addNewVolumeMount()
                .withName(ReservedNames.SCRATCH_VOLUME)
                .withMountPath(SCRATCH)
                .endVolumeMount()
                .addNewVolumeMount()
                .withName(ReservedNames.TMP_VOLUME)
                .withMountPath(ReservedNames.TMP_PATH)
                .endVolumeMount()
                .addAllToVolumeMounts(listOf(pod.volumeMounts()))
                .build();
    }

    private static <T> List<T> listOf(List<T> given) {
        return given != null ? given : List.of();
    }

    /**
     * Scratch and cache locations, the shard index and storage settings; secrets by reference.
     * Every name is one of {@link ReservedNames#ENV}, which the spec's extra env may not use.
     */
    private static List<EnvVar> env(DistillationSpec spec, PlannedStep step) {
        List<EnvVar> env = new ArrayList<>();
        env.add(value("HOME", SCRATCH));
        env.add(value("TMPDIR", ReservedNames.TMP_PATH));
        env.add(value("DJL_CACHE_DIR", SCRATCH + "/djl"));
        env.add(value("ENGINE_CACHE_DIR", SCRATCH + "/djl"));
        if (step.shards() > 1) {
            env.add(
                    new EnvVarBuilder()
                            .withName(ReservedNames.JOB_COMPLETION_INDEX)
                            .withNewValueFrom()
                            .withNewFieldRef()
                            .withFieldPath(
                                    "metadata.annotations['"
                                            + Labels.COMPLETION_INDEX_ANNOTATION
                                            + "']")
                            .endFieldRef()
                            .endValueFrom()
                            .build());
        }
        StorageSpec storage = spec.storage();
        if (storage != null && storage.endpoint() != null) {
            env.add(value(ReservedNames.AWS_ENDPOINT_URL, storage.endpoint()));
        }
        if (storage != null && storage.region() != null) {
            env.add(value(ReservedNames.AWS_REGION, storage.region()));
        }
        if (storage != null && storage.addressingStyle() != null) {
            env.add(value(ReservedNames.S3_ADDRESSING_STYLE, storage.addressingStyle()));
        }
        if (storage != null && storage.credentialsSecret() != null) {
            env.add(secret(ReservedNames.AWS_ACCESS_KEY_ID, storage.credentialsSecret()));
            env.add(secret(ReservedNames.AWS_SECRET_ACCESS_KEY, storage.credentialsSecret()));
        }
        return env;
    }

    private static EnvVar value(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static EnvVar secret(String name, String secret) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName(secret)
                .withKey(name)
                .withOptional(false)
                .endSecretKeyRef()
                .endValueFrom()
                .build();
    }

    /** Requests equal limits (Guaranteed where possible); GPUs under the configured name. */
    private ResourceRequirements resources(ComputeResources compute) {
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        if (compute.cpu() != null) {
            amounts.put("cpu", new Quantity(compute.cpu()));
        }
        if (compute.memory() != null) {
            amounts.put("memory", new Quantity(compute.memory()));
        }
        if (compute.gpuCount() > 0) {
            amounts.put(settings.gpuResource(), new Quantity(String.valueOf(compute.gpuCount())));
        }
        return new ResourceRequirementsBuilder()
                .withRequests(new LinkedHashMap<>(amounts))
                .withLimits(new LinkedHashMap<>(amounts))
                .build();
    }
}
