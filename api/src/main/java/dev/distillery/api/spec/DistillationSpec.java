package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What a Distillation runs: the data, where artifacts go, the teacher, the soft labels, the
 * students and their sweep and baselines, and how the steps run. Absent optional fields take the
 * defaults given in their descriptions.
 *
 * @param dataset the training data
 * @param storage where artifacts are written
 * @param teacher the teacher or teacher ensemble
 * @param softLabels how the teacher's logits are stored
 * @param students the students to distil
 * @param sweep grids that expand every student into variants
 * @param baseline whether each student architecture gets a scratch twin
 * @param mode the distillation mode
 * @param online how an online group learns mutually
 * @param resources resource requests per stage
 * @param parallelism how many student steps may run at once
 * @param image the step container image
 * @param pod pod settings of every step
 * @param stages per-stage deadlines and pod settings laid over {@code pod}
 * @param suspend whether the run is suspended
 * @param queueName the Kueue queue of the run's Jobs
 * @param ttlSecondsAfterFinished how long finished Jobs are kept
 * @param cleanupPolicy what happens to artifacts when the resource is deleted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "self.students.all(s, self.students.exists_one(t, t.name == s.name))",
        message = "student names must be unique",
        fieldPath = ".students")
@ValidationRule(
        value =
                "!has(self.stages) || self.stages.all(s, self.stages.exists_one(t, t.name == s.name))",
        message = "each stage may appear in stages at most once",
        fieldPath = ".stages")
@ValidationRule(
        value =
                "size(self.students) * (!has(self.sweep) ? 1 : ((has(self.sweep.temperature) ?"
                        + " size(self.sweep.temperature) : 1) * (has(self.sweep.alpha) ?"
                        + " size(self.sweep.alpha) : 1) * (has(self.sweep.seed) ?"
                        + " size(self.sweep.seed) : 1))) <= "
                        + DistillationSpec.MAX_VARIANTS,
        message =
                "students times sweep grid sizes must be at most "
                        + DistillationSpec.MAX_VARIANTS
                        + " variants",
        fieldPath = ".sweep",
        reason = "FieldValueInvalid")
@ValidationRule(
        value =
                "!has(self.mode) || self.mode == 'offline' || (has(self.teacher.model) &&"
                        + " !has(self.sweep) && size(self.students) <= "
                        + DistillationSpec.MAX_ONLINE_STUDENTS
                        + ")",
        message =
                "mode online trains one teacher.model with at most "
                        + DistillationSpec.MAX_ONLINE_STUDENTS
                        + " students and no sweep",
        fieldPath = ".mode",
        reason = "FieldValueForbidden")
@ValidationRule(
        value =
                "has(self.mode) == has(oldSelf.mode) && (!has(self.mode) || self.mode =="
                        + " oldSelf.mode)",
        message = "mode is immutable: create a new Distillation to change it",
        fieldPath = ".mode",
        reason = "FieldValueForbidden")
@ValidationRule(
        value =
                "has(self.online) == has(oldSelf.online) && (!has(self.online) || self.online =="
                        + " oldSelf.online)",
        message = "online is immutable: create a new Distillation to change it",
        fieldPath = ".online",
        reason = "FieldValueForbidden")
@ValidationRule(
        value = "self.dataset == oldSelf.dataset",
        message = "dataset is immutable: create a new Distillation to change it",
        fieldPath = ".dataset",
        reason = "FieldValueForbidden")
@ValidationRule(
        value =
                "has(self.storage) == has(oldSelf.storage) && (!has(self.storage) ||"
                        + " self.storage == oldSelf.storage)",
        message = "storage is immutable: create a new Distillation to change it",
        fieldPath = ".storage",
        reason = "FieldValueForbidden")
@ValidationRule(
        value = "self.teacher == oldSelf.teacher",
        message = "teacher is immutable: create a new Distillation to change it",
        fieldPath = ".teacher",
        reason = "FieldValueForbidden")
@ValidationRule(
        value =
                "has(self.softLabels) == has(oldSelf.softLabels) &&"
                        + " (!has(self.softLabels) || self.softLabels == oldSelf.softLabels)",
        message = "softLabels is immutable: create a new Distillation to change it",
        fieldPath = ".softLabels",
        reason = "FieldValueForbidden")
@ValidationRule(
        value = "self.students == oldSelf.students",
        message = "students is immutable: create a new Distillation to change it",
        fieldPath = ".students",
        reason = "FieldValueForbidden")
@ValidationRule(
        value =
                "has(self.sweep) == has(oldSelf.sweep) && (!has(self.sweep) ||"
                        + " self.sweep == oldSelf.sweep)",
        message = "sweep is immutable: create a new Distillation to change it",
        fieldPath = ".sweep",
        reason = "FieldValueForbidden")
@ValidationRule(
        value =
                "has(self.baseline) == has(oldSelf.baseline) && (!has(self.baseline)"
                        + " || self.baseline == oldSelf.baseline)",
        message = "baseline is immutable: create a new Distillation to change it",
        fieldPath = ".baseline",
        reason = "FieldValueForbidden")
@ValidationRule(
        value =
                "has(self.queueName) == has(oldSelf.queueName) &&"
                        + " (!has(self.queueName) || self.queueName == oldSelf.queueName)",
        message = "queueName is immutable: create a new Distillation to change it",
        fieldPath = ".queueName",
        reason = "FieldValueForbidden")
public record DistillationSpec(
        @Required
                @JsonPropertyDescription(
                        "The training data: a well-known dataset name or a URI, and an optional"
                                + " sample limit. Immutable.")
                DatasetSpec dataset,
        @JsonPropertyDescription(
                        "Where artifacts are written, as <uri>/<stage>/<key>. Required on a"
                                + " cluster; the local runner defaults to its run folder."
                                + " Immutable.")
                StorageSpec storage,
        @Required
                @JsonPropertyDescription(
                        "The teacher: one model, an ensemble of N members, an explicit member"
                                + " list, or pretrained artifacts. Immutable.")
                TeacherSpec teacher,
        @JsonPropertyDescription(
                        "How the teacher's raw logits are stored: precision and shard count."
                                + " Immutable.")
                SoftLabelsSpec softLabels,
        @Required
                @Size(min = 1, max = MAX_STUDENTS)
                @JsonPropertyDescription(
                        "The students, trained at the same time from one soft-label artifact."
                                + " Names must be unique. Immutable.")
                List<StudentSpec> students,
        @JsonPropertyDescription(
                        "Grids over temperature, alpha and seed: every student is trained once"
                                + " per combination, as a variant named after its values."
                                + " Immutable.")
                SweepSpec sweep,
        @Default("false")
                @JsonPropertyDescription(
                        "Whether each distinct student architecture and training setting gets a"
                                + " scratch twin (alpha 0, same epochs and seed) so the gain from"
                                + " distillation is measured. Default false. Immutable.")
                Boolean baseline,
        @Default("offline")
                @JsonPropertyDescription(
                        "offline: the teacher is trained first and fixed, then distilled. online:"
                                + " the teacher and every student train together in one step"
                                + " (deep mutual learning, see online). Default offline."
                                + " Immutable.")
                Mode mode,
        @JsonPropertyDescription(
                        "How the group of mode online learns: temperature, alpha and the"
                                + " teacher's warm-up epochs. Immutable.")
                OnlineSpec online,
        @JsonPropertyDescription(
                        "Resource requests and limits (cpu, memory, gpu) per stage: teacher,"
                                + " softLabels, students, report.")
                StageResources resources,
        @Default("4")
                @Min(1)
                @Max(64)
                @JsonPropertyDescription(
                        "At most this many student and baseline steps run at once. Default 4.")
                Integer parallelism,
        @Size(max = 512)
                @JsonPropertyDescription(
                        "The step container image; the operator's default image when absent.")
                String image,
        @JsonPropertyDescription(
                        "Pod settings of every step: node selector, tolerations, affinity,"
                                + " priority, runtime class, service account, image pull"
                                + " secrets, extra env and volumes.")
                PodSettings pod,
        @Size(max = MAX_STAGES)
                @JsonPropertyDescription(
                        "Per stage (teacher, softLabels, students, report, online; each at most"
                                + " once): activeDeadlineSeconds of its steps' Jobs and pod"
                                + " settings laid over spec.pod.")
                List<StageSettings> stages,
        @Default("false")
                @JsonPropertyDescription(
                        "true suspends the run: running Jobs are suspended and no new Job"
                                + " starts until it is false again; with queueName, unfinished"
                                + " Jobs are deleted instead (Kueue owns their suspend) and"
                                + " created again on resume. Default false.")
                Boolean suspend,
        @Size(max = 253)
                @Pattern(DNS_SUBDOMAIN)
                @JsonPropertyDescription(
                        "A Kueue LocalQueue: Jobs carry kueue.x-k8s.io/queue-name and are"
                                + " created suspended so Kueue admits them. Immutable.")
                String queueName,
        @Min(0)
                @JsonPropertyDescription(
                        "Seconds after which finished Jobs are deleted; the status keeps their"
                                + " results and finished Jobs are never recreated. Kept forever"
                                + " when absent.")
                Integer ttlSecondsAfterFinished,
        @Default("Retain")
                @JsonPropertyDescription(
                        "Retain keeps artifacts when the resource is deleted; Delete removes the"
                                + " ones this run wrote that no other Distillation references"
                                + " (bounded: deletion never waits on unreachable storage) and"
                                + " is the only policy that puts a finalizer on the resource."
                                + " Default Retain.")
                CleanupPolicy cleanupPolicy) {

    /** The most students a spec may list. */
    public static final int MAX_STUDENTS = 16;

    /** The most students an online group may train beside its teacher. */
    public static final int MAX_ONLINE_STUDENTS = 8;

    /** The most entries {@code stages} may have: one per {@link StageName}. */
    public static final int MAX_STAGES = 5;

    /** The most student variants (students times sweep combinations) a spec may expand to. */
    public static final int MAX_VARIANTS = 64;

    /** A DNS-1123 subdomain. */
    public static final String DNS_SUBDOMAIN =
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /** Fills the defaults of absent optional fields. */
    public DistillationSpec {
        softLabels = softLabels != null ? softLabels : new SoftLabelsSpec(null, null, null);
        students =
                students != null
                        ? Collections.unmodifiableList(new ArrayList<>(students))
                        : List.of();
        sweep = sweep != null ? sweep : new SweepSpec(null, null, null);
        baseline = baseline != null ? baseline : Boolean.FALSE;
        mode = mode != null ? mode : Mode.OFFLINE;
        online = online != null ? online : new OnlineSpec(null, null, null);
        resources =
                resources != null
                        ? resources
                        : new StageResources(null, null, null, null, null, null);
        parallelism = parallelism != null ? parallelism : 4;
        pod = pod != null ? pod : PodSettings.NONE;
        stages = stages != null ? Collections.unmodifiableList(new ArrayList<>(stages)) : List.of();
        suspend = suspend != null ? suspend : Boolean.FALSE;
        cleanupPolicy = cleanupPolicy != null ? cleanupPolicy : CleanupPolicy.RETAIN;
    }

    /** The settings {@code stages} gives {@code stage}, if any. */
    public Optional<StageSettings> stage(Stage stage) {
        StageName name = StageName.of(stage);
        return stages.stream().filter(s -> s.name() == name).findFirst();
    }

    /** The pod settings of {@code stage}'s steps: {@code pod} with the stage's laid over it. */
    public PodSettings pod(Stage stage) {
        return pod.overriddenBy(stage(stage).map(StageSettings::pod).orElse(null));
    }
}
