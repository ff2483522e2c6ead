package dev.distillery.api.plan;

import dev.distillery.api.Distillation;
import dev.distillery.api.spec.ComputeResources;
import dev.distillery.api.spec.DistillationSpec;
import dev.distillery.api.spec.EnsembleCombine;
import dev.distillery.api.spec.LearningRateSchedule;
import dev.distillery.api.spec.Mode;
import dev.distillery.api.spec.Stage;
import dev.distillery.api.spec.StudentSpec;
import dev.distillery.api.spec.TeacherMemberSpec;
import dev.distillery.api.spec.TeacherSpec;
import dev.distillery.api.spec.TrainingSpec;
import dev.distillery.api.validation.FieldError;
import dev.distillery.api.validation.InvalidDistillationException;
import dev.distillery.api.validation.Validation;
import dev.distillery.contract.GroupMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a valid Distillation into its plan: teacher members, then soft labels, then students and
 * their scratch twins, then the report. Pure: it reads nothing and writes nothing, so the local
 * runner and the operator run exactly the same steps.
 */
public final class Planner {
    private final DistillationSpec spec;
    private final String storage;
    private final String data;
    private final String dataIdentity;
    private final List<PlannedStep> steps = new ArrayList<>();
    private List<StudentVariant> variants = List.of();

    private Planner(DistillationSpec spec, PlanSettings settings) {
        this.spec = spec;
        this.storage = settings.storage(spec);
        this.data = settings.dataUri(spec.dataset());
        this.dataIdentity =
                spec.dataset().name() != null
                        ? "name:" + spec.dataset().name()
                        : "uri:" + spec.dataset().uri();
    }

    /**
     * The plan of {@code distillation}, which must be valid: an invalid one fails with an {@link
     * InvalidDistillationException} listing every problem (see {@link Validation#check}), as does
     * one without storage when {@code settings} give no default.
     */
    public static Plan plan(Distillation distillation, PlanSettings settings) {
        String source =
                "Distillation "
                        + (distillation.getMetadata() != null
                                ? distillation.getMetadata().getName()
                                : "(unnamed)");
        Validation.check(distillation, source);
        if (distillation.getSpec().storage() == null && settings.defaultStorage() == null) {
            throw new InvalidDistillationException(
                    source,
                    List.of(
                            new FieldError(
                                    "spec.storage.uri",
                                    "is required on a cluster: an s3:// URI the step pods can"
                                            + " reach")));
        }
        return new Planner(distillation.getSpec(), settings).build();
    }

    private Plan build() {
        if (spec.mode() == Mode.ONLINE) {
            return online();
        }
        List<PlannedStep> teachers = teachers();
        Optional<PlannedStep> softLabels =
                spec.softLabels().consistent()
                        ? Optional.empty()
                        : Optional.of(softLabels(teachers));
        TeacherInputs teacherInputs =
                softLabels.map(TeacherInputs::stored).orElseGet(() -> consistentTeacher(teachers));
        List<StudentVariant> variants = SweepExpansion.expand(spec);
        this.variants = variants;
        Map<String, String> baselines = spec.baseline() ? baselines(variants) : Map.of();
        List<PlannedStep> students = new ArrayList<>();
        for (StudentVariant variant : variants) {
            if (StudentPacks.group(spec, variant) == null) {
                students.add(student(variant, teacherInputs));
            }
        }
        for (StudentPacks.Pack pack : StudentPacks.of(spec, variants)) {
            students.add(pack(pack, Optional.of(teacherInputs)));
        }
        report(teachers, softLabels, students, baselines);
        return new Plan(steps, variants, baselines, storage);
    }

    /**
     * Mode online: one step trains the teacher and every student together, the students' scratch
     * twins (which need no teacher) beside it, then the report of the group's networks.
     */
    private Plan online() {
        List<StudentVariant> variants = SweepExpansion.expand(spec);
        this.variants = variants;
        Map<String, String> baselines = spec.baseline() ? baselines(variants) : Map.of();
        TrainingSpec training = spec.teacher().training();
        StepInputs inputs =
                StepInputs.command("online")
                        .keyed("stage", Stage.ONLINE.label())
                        .setting("model", spec.teacher().model(), "--teacher-model");
        recipe(dataset(inputs), training);
        for (StudentVariant variant : variants) {
            inputs.setting("student", variant.student() + "=" + variant.model(), "--student");
        }
        inputs.setting(
                        "temperature",
                        DecimalText.plain(spec.online().temperature()),
                        "--temperature")
                .setting("alpha", DecimalText.plain(spec.online().alpha()), "--alpha")
                .setting(
                        "teacherWarmupEpochs",
                        spec.online().teacherWarmupEpochs(),
                        "--teacher-warmup-epochs")
                .passed(device(Stage.ONLINE));
        PlannedStep group = add("online", Stage.ONLINE, null, inputs, List.of());
        StepInputs report =
                StepInputs.command("report")
                        .input(
                                "online",
                                group.key(),
                                "--teacher",
                                group.output() + "/" + GroupMetrics.TEACHER);
        for (StudentVariant variant : variants) {
            // Each network's artifact lies inside the group's, which the key already names.
            String network = GroupMetrics.student(variant.student());
            report.passed("--student", variant.name() + "=" + group.output() + "/" + network);
        }
        addReport(report, new ArrayList<>(List.of(group.name())), baselines);
        return new Plan(steps, variants, baselines, storage);
    }

    private List<PlannedStep> teachers() {
        TeacherSpec teacher = spec.teacher();
        if (teacher.pretrained() != null) {
            scorePretrained(teacher.pretrained());
            return List.of();
        }
        List<PlannedStep> members = new ArrayList<>();
        int count = teacher.memberCount();
        for (int i = 0; i < count; i++) {
            TeacherMemberSpec member = teacher.members() != null ? teacher.members().get(i) : null;
            String model = member != null ? member.model() : teacher.model();
            long seed =
                    member != null && member.seed() != null
                            ? member.seed()
                            : teacher.training().seed() + i;
            TrainingSpec training = teacher.training().withSeed(seed);
            members.add(
                    add(
                            "teacher-" + i,
                            Stage.TEACHER,
                            null,
                            train(Stage.TEACHER, model, training),
                            List.of()));
        }
        return members;
    }

    /**
     * One {@code evaluate} step per pretrained member (imported TorchScript or ONNX, or a
     * Distillery model folder), named as trained members are, so each member's accuracy reaches the
     * status. Nothing waits for them: the members themselves are the soft labels' input.
     */
    private void scorePretrained(List<String> pretrained) {
        for (int i = 0; i < pretrained.size(); i++) {
            String uri = pretrained.get(i);
            StepInputs inputs =
                    StepInputs.command("evaluate")
                            .keyed("stage", Stage.TEACHER.label())
                            .input("model", "pretrained:" + uri, "--model", uri);
            dataset(inputs).passed(device(Stage.TEACHER));
            add("teacher-" + i, Stage.TEACHER, null, inputs, List.of());
        }
    }

    /** The teacher members' artifacts and keys for students that run the teacher themselves. */
    private TeacherInputs consistentTeacher(List<PlannedStep> teachers) {
        StepInputs inputs = StepInputs.part("consistent-teacher");
        teacherMembers(inputs, teachers);
        EnsembleCombine combine = spec.softLabels().ensembleCombine();
        inputs.optional(
                "ensembleCombine",
                combine.flag(),
                "--ensemble-combine",
                spec.teacher().memberCount() > 1 && combine != EnsembleCombine.PROBABILITIES);
        return new TeacherInputs(
                inputs.args(key -> key),
                inputs.key(),
                teachers.stream().map(PlannedStep::name).toList());
    }

    /**
     * Each teacher member as {@code --teacher}: keyed by its step's key, or by its URI when it is
     * pretrained (then {@code teachers} is empty).
     */
    private void teacherMembers(StepInputs inputs, List<PlannedStep> teachers) {
        if (teachers.isEmpty()) {
            for (String uri : spec.teacher().pretrained()) {
                inputs.input("teacher", "pretrained:" + uri, "--teacher", uri);
            }
        }
        for (PlannedStep teacher : teachers) {
            inputs.input("teacher", teacher.key(), "--teacher", teacher.output());
        }
    }

    private PlannedStep softLabels(List<PlannedStep> teachers) {
        StepInputs inputs = StepInputs.command("soft-labels");
        teacherMembers(inputs, teachers);
        Integer views = views(spec);
        int shards = spec.softLabels().shards();
        dataset(inputs)
                .setting("precision", spec.softLabels().precision().flag(), "--precision")
                // Each shard gets --shard and --shards from PlannedStep.argsForShard.
                .keyed("shards", shards);
        if (views != null) {
            inputs.passed("--augment"); // implied by views, keyed next
        }
        inputs.setting("views", views, "--views", views != null)
                .setting(
                        "seed",
                        views != null ? spec.teacher().training().seed() : null,
                        "--seed",
                        views != null);
        EnsembleCombine combine = spec.softLabels().ensembleCombine();
        inputs.optional(
                "ensembleCombine",
                combine.flag(),
                "--ensemble-combine",
                teachers.size() + pretrainedCount(teachers) > 1
                        && combine != EnsembleCombine.PROBABILITIES);
        // Calibrated on the Distillation's held-out split, which no member trained on.
        inputs.toggle("calibrate", spec.softLabels().calibrate(), "--calibrate", false);
        inputs.passed(device(Stage.SOFT_LABELS));
        String built = inputs.key();
        List<String> args = inputs.args(key -> output(Stage.SOFT_LABELS, key));
        PlannedStep step =
                new PlannedStep(
                        "soft-labels",
                        Stage.SOFT_LABELS,
                        null,
                        args,
                        output(Stage.SOFT_LABELS, built),
                        teachers.stream().map(PlannedStep::name).toList(),
                        spec.resources().of(Stage.SOFT_LABELS),
                        built,
                        shards);
        steps.add(step);
        return step;
    }

    /** Pretrained teachers stand in for trained members when no member is trained. */
    private int pretrainedCount(List<PlannedStep> teachers) {
        return teachers.isEmpty() ? spec.teacher().pretrained().size() : 0;
    }

    private static Integer views(DistillationSpec spec) {
        return spec.softLabels().views();
    }

    /**
     * One scratch twin per distinct student model and training settings, by variant name; the twins
     * of packed students train in packs too, one network per student.
     */
    private Map<String, String> baselines(List<StudentVariant> variants) {
        Map<String, String> nameByKey = new LinkedHashMap<>();
        Map<String, String> byVariant = new LinkedHashMap<>();
        for (StudentVariant variant : variants) {
            if (StudentPacks.group(spec, variant) != null) {
                continue;
            }
            StepInputs inputs = train(Stage.BASELINE, variant.model(), variant.training());
            String name =
                    nameByKey.computeIfAbsent(
                            inputs.key(),
                            k -> {
                                String stepName = baselineName(variant);
                                add(stepName, Stage.BASELINE, variant.student(), inputs, List.of());
                                return stepName;
                            });
            byVariant.put(variant.name(), name);
        }
        for (StudentPacks.Pack pack : StudentPacks.of(spec, variants)) {
            PlannedStep twins = pack(pack, Optional.empty());
            pack.variants().forEach(v -> byVariant.put(v.name(), twins.name()));
        }
        return byVariant;
    }

    /**
     * The step of {@code pack}: its variants as students of {@code teacher}, or without one its
     * students' scratch twins (one per student). The batches' settings (data, epochs, batch size,
     * seed, augmentation) are keyed once, then each member's own recipe, so the key changes when
     * any member's does.
     */
    private PlannedStep pack(StudentPacks.Pack pack, Optional<TeacherInputs> teacher) {
        Stage stage = teacher.isPresent() ? Stage.STUDENT : Stage.BASELINE;
        TrainingSpec shared = pack.variants().get(0).training();
        StepInputs inputs = StepInputs.command("packed").keyed("stage", stage.label());
        dataset(inputs)
                .setting("epochs", shared.epochs(), "--epochs")
                .setting("batchSize", shared.batchSize(), "--batch-size")
                .setting("seed", shared.seed(), "--seed")
                .toggle("augment", shared.augment(), "--augment", true);
        teacher.ifPresent(t -> inputs.input(t.keyName(), t.key(), t.args().toArray(String[]::new)));
        List<String> packed = new ArrayList<>();
        for (StudentVariant variant : pack.variants()) {
            String name = teacher.isPresent() ? variant.name() : variant.student();
            if (packed.contains(name)) {
                continue; // the twin of another variant of the same student
            }
            packed.add(name);
            inputs.setting("student", name, "--student")
                    .setting("model", variant.model(), "--model");
            packMember(inputs, variant, teacher.isPresent(), hintWeight(variant));
        }
        int gpus = spec.resources().ofPack().gpuCount();
        inputs.passed(gpus > 0 ? new String[] {"--device", "gpu"} : new String[0]);
        String key = inputs.key();
        PlannedStep step =
                new PlannedStep(
                        pack.stepName(teacher.isPresent() ? "pack-" : "baseline-pack-", spec),
                        stage,
                        null,
                        inputs.args(k -> output(stage, k)),
                        output(stage, key),
                        teacher.map(TeacherInputs::dependsOn).orElse(List.of()),
                        spec.resources().ofPack(),
                        key,
                        1,
                        packed);
        steps.add(step);
        return step;
    }

    /**
     * A packed student's own recipe: everything of it that its pack-mates need not share, its loss
     * (temperature, alpha, hint weight) only when it is {@code distilled}.
     */
    private static void packMember(
            StepInputs inputs, StudentVariant variant, boolean distilled, double hintWeight) {
        TrainingSpec training = variant.training();
        inputs.setting(
                "learningRate", DecimalText.plain(training.learningRate()), "--learning-rate");
        if (distilled) {
            inputs.setting("temperature", DecimalText.plain(variant.temperature()), "--temperature")
                    .setting("alpha", DecimalText.plain(variant.alpha()), "--alpha")
                    .optional(
                            "hintWeight",
                            DecimalText.plain(hintWeight),
                            "--hint-weight",
                            hintWeight > 0);
        }
        inputs.optional(
                        "weightDecay",
                        DecimalText.plain(training.weightDecay()),
                        "--weight-decay",
                        training.weightDecay() > 0)
                .optional(
                        "lrSchedule",
                        training.lrSchedule().flag(),
                        "--lr-schedule",
                        training.lrSchedule() != LearningRateSchedule.CONSTANT)
                .optional(
                        "warmupEpochs",
                        training.warmupEpochs(),
                        "--warmup-epochs",
                        training.warmupEpochs() > 0)
                .optional(
                        "earlyStopping",
                        training.earlyStopping(),
                        "--early-stopping",
                        training.earlyStopping() > 0)
                .optional(
                        "labelSmoothing",
                        DecimalText.plain(training.labelSmoothing()),
                        "--label-smoothing",
                        training.labelSmoothing() > 0);
    }

    private String baselineName(StudentVariant variant) {
        return "baseline-"
                + variant.student()
                + (spec.sweep().seed() != null ? "-s" + variant.training().seed() : "");
    }

    private PlannedStep student(StudentVariant variant, TeacherInputs teacher) {
        String temperature = DecimalText.plain(variant.temperature());
        String alpha = DecimalText.plain(variant.alpha());
        double hintWeight = hintWeight(variant);
        StepInputs inputs =
                train(Stage.STUDENT, variant.model(), variant.training())
                        .input(
                                teacher.keyName(),
                                teacher.key(),
                                teacher.args().toArray(String[]::new))
                        .setting("temperature", temperature, "--temperature")
                        .setting("alpha", alpha, "--alpha")
                        .optional(
                                "hintWeight",
                                DecimalText.plain(hintWeight),
                                "--hint-weight",
                                hintWeight > 0);
        return add(
                "student-" + variant.name(),
                Stage.STUDENT,
                variant.name(),
                inputs,
                teacher.dependsOn());
    }

    private double hintWeight(StudentVariant variant) {
        return spec.students().stream()
                .filter(s -> s != null && variant.student().equals(s.name()))
                .findFirst()
                .map(StudentSpec::hintWeight)
                .orElse(0.0);
    }

    private void report(
            List<PlannedStep> teachers,
            Optional<PlannedStep> softLabels,
            List<PlannedStep> students,
            Map<String, String> baselines) {
        StepInputs inputs = StepInputs.command("report");
        List<String> dependsOn = new ArrayList<>();
        if (softLabels.isPresent()) {
            // Its step scored the combined teachers: the teacher of every gap closure.
            inputs.input(
                    "softLabels",
                    softLabels.get().key(),
                    "--soft-labels",
                    softLabels.get().output());
            dependsOn.add(softLabels.get().name());
        }
        teacherMembers(inputs, teachers);
        teachers.forEach(teacher -> dependsOn.add(teacher.name()));
        for (PlannedStep student : students) {
            for (String variant :
                    student.isPack() ? student.packed() : List.of(student.student())) {
                inputs.input(
                        "student",
                        variant
                                + "="
                                + (student.isPack() ? student.packedKey(variant) : student.key()),
                        "--student",
                        variant
                                + "="
                                + (student.isPack()
                                        ? student.packedOutput(variant)
                                        : student.output()));
            }
            dependsOn.add(student.name());
        }
        addReport(inputs, dependsOn, baselines);
    }

    /**
     * The report step of {@code inputs} and {@code baselines}; it reads the dataset too, to score
     * the shipped students' float32 and int8 exports on the test split.
     */
    private void addReport(
            StepInputs inputs, List<String> dependsOn, Map<String, String> baselines) {
        dataset(inputs);
        for (Map.Entry<String, String> baseline : baselines.entrySet()) {
            PlannedStep step = step(baseline.getValue());
            String twin = step.isPack() ? studentOf(baseline.getKey()) : null;
            inputs.input(
                    "baseline",
                    baseline.getKey() + "=" + (twin != null ? step.packedKey(twin) : step.key()),
                    "--baseline",
                    baseline.getKey()
                            + "="
                            + (twin != null ? step.packedOutput(twin) : step.output()));
            if (!dependsOn.contains(step.name())) {
                dependsOn.add(step.name());
            }
        }
        add("report", Stage.REPORT, null, inputs, dependsOn);
    }

    /** The spec student of the variant named {@code variant}. */
    private String studentOf(String variant) {
        return variants.stream()
                .filter(v -> v.name().equals(variant))
                .findFirst()
                .orElseThrow()
                .student();
    }

    private PlannedStep step(String name) {
        return steps.stream().filter(step -> step.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * The inputs of a train step, each recipe field declared once for both its flag and its key
     * entry, in the key's order (the keys of stored artifacts depend on it).
     */
    private StepInputs train(Stage stage, String model, TrainingSpec training) {
        StepInputs inputs =
                StepInputs.command("train")
                        .keyed("stage", stage.label()) // the output's stage folder
                        .setting("model", model, "--model");
        recipe(dataset(inputs), training);
        return inputs.passed(device(stage));
    }

    /** The training recipe's settings, shared by train steps and the online group. */
    private static StepInputs recipe(StepInputs inputs, TrainingSpec training) {
        return inputs.setting("epochs", training.epochs(), "--epochs")
                .setting("batchSize", training.batchSize(), "--batch-size")
                .setting(
                        "learningRate",
                        DecimalText.plain(training.learningRate()),
                        "--learning-rate")
                .setting("seed", training.seed(), "--seed")
                .setting(
                        "weightDecay",
                        DecimalText.plain(training.weightDecay()),
                        "--weight-decay",
                        training.weightDecay() > 0)
                .toggle("augment", training.augment(), "--augment", true)
                // Recipe fields join the key only when set, so the keys of older plans stay valid.
                .optional(
                        "lrSchedule",
                        training.lrSchedule().flag(),
                        "--lr-schedule",
                        training.lrSchedule() != LearningRateSchedule.CONSTANT)
                .optional(
                        "warmupEpochs",
                        training.warmupEpochs(),
                        "--warmup-epochs",
                        training.warmupEpochs() > 0)
                .optional(
                        "earlyStopping",
                        training.earlyStopping(),
                        "--early-stopping",
                        training.earlyStopping() > 0)
                .optional(
                        "labelSmoothing",
                        DecimalText.plain(training.labelSmoothing()),
                        "--label-smoothing",
                        training.labelSmoothing() > 0);
    }

    /**
     * The dataset every step reads: keyed by its name or URI and passed as where it lives here;
     * every step holds out the Distillation's one validation split.
     */
    private StepInputs dataset(StepInputs inputs) {
        Integer limit = spec.dataset().limit();
        return inputs.input("data", dataIdentity, "--data", data)
                .setting("limit", limit, "--limit", limit != null)
                .setting("splitSeed", spec.dataset().splitSeed(), "--split-seed");
    }

    /**
     * One GPU trains on it, several data-parallel; without GPUs the step picks its device. Not
     * keyed: where a step runs does not change what it computes.
     */
    private String[] device(Stage stage) {
        int gpus = spec.resources().of(stage).gpuCount();
        if (gpus == 1) {
            return new String[] {"--device", "gpu"};
        }
        return gpus > 1 ? new String[] {"--device", "gpu:all"} : new String[0];
    }

    private String output(Stage stage, String key) {
        return artifact(storage, stage.label(), key);
    }

    /**
     * Where a step of {@code stage} (its label) with content key {@code key} writes its artifact.
     */
    public static String artifact(String storage, String stage, String key) {
        return storage + "/" + stage + "/" + key;
    }

    private PlannedStep add(
            String name, Stage stage, String student, StepInputs inputs, List<String> dependsOn) {
        return add(
                name,
                stage,
                student,
                inputs.args(key -> output(stage, key)),
                dependsOn,
                inputs.key());
    }

    private PlannedStep add(
            String name,
            Stage stage,
            String student,
            List<String> args,
            List<String> dependsOn,
            String key) {
        ComputeResources resources = spec.resources().of(stage);
        PlannedStep step =
                new PlannedStep(
                        name,
                        stage,
                        student,
                        args,
                        output(stage, key),
                        dependsOn,
                        resources,
                        key,
                        1);
        steps.add(step);
        return step;
    }
}
