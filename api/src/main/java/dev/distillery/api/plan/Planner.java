package dev.distillery.api.plan;

import dev.distillery.api.Distillation;
import dev.distillery.api.spec.ComputeResources;
import dev.distillery.api.spec.DistillationSpec;
import dev.distillery.api.spec.EnsembleCombine;
import dev.distillery.api.spec.LearningRateSchedule;
import dev.distillery.api.spec.Stage;
import dev.distillery.api.spec.StudentSpec;
import dev.distillery.api.spec.TeacherMemberSpec;
import dev.distillery.api.spec.TeacherSpec;
import dev.distillery.api.spec.TrainingSpec;
import dev.distillery.api.validation.FieldError;
import dev.distillery.api.validation.InvalidDistillationException;
import dev.distillery.api.validation.Validation;
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
        List<PlannedStep> teachers = teachers();
        Optional<PlannedStep> softLabels =
                spec.softLabels().consistent()
                        ? Optional.empty()
                        : Optional.of(softLabels(teachers));
        TeacherInputs teacherInputs =
                softLabels.map(TeacherInputs::stored).orElseGet(() -> consistentTeacher(teachers));
        List<StudentVariant> variants = SweepExpansion.expand(spec);
        Map<String, String> baselines = spec.baseline() ? baselines(variants) : Map.of();
        List<PlannedStep> students = new ArrayList<>();
        for (StudentVariant variant : variants) {
            students.add(student(variant, teacherInputs));
        }
        report(teachers, softLabels, students, baselines);
        return new Plan(steps, variants, baselines, storage);
    }

    private List<PlannedStep> teachers() {
        TeacherSpec teacher = spec.teacher();
        if (teacher.pretrained() != null) {
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
            String key = trainKey(Stage.TEACHER, model, training).build();
            members.add(
                    add(
                            "teacher-" + i,
                            Stage.TEACHER,
                            null,
                            trainArgs(Stage.TEACHER, model, training, key),
                            List.of(),
                            key));
        }
        return members;
    }

    /** The teacher members' artifacts and keys for students that run the teacher themselves. */
    private TeacherInputs consistentTeacher(List<PlannedStep> teachers) {
        List<String> args = new ArrayList<>();
        ContentKey key = ContentKey.of("consistent-teacher");
        if (teachers.isEmpty()) {
            for (String uri : spec.teacher().pretrained()) {
                args.addAll(List.of("--teacher", uri));
                key.with("teacher", "pretrained:" + uri);
            }
        } else {
            for (PlannedStep teacher : teachers) {
                args.addAll(List.of("--teacher", teacher.output()));
                key.with("teacher", teacher.key());
            }
        }
        EnsembleCombine combine = spec.softLabels().ensembleCombine();
        if (spec.teacher().memberCount() > 1 && combine != EnsembleCombine.PROBABILITIES) {
            args.addAll(List.of("--ensemble-combine", combine.flag()));
            key.with("ensembleCombine", combine.flag());
        }
        return new TeacherInputs(
                args, key.build(), teachers.stream().map(PlannedStep::name).toList());
    }

    private PlannedStep softLabels(List<PlannedStep> teachers) {
        List<String> teacherUris = new ArrayList<>();
        ContentKey key = ContentKey.of("soft-labels");
        if (teachers.isEmpty()) {
            for (String uri : spec.teacher().pretrained()) {
                teacherUris.add(uri);
                key.with("teacher", "pretrained:" + uri);
            }
        } else {
            for (PlannedStep teacher : teachers) {
                teacherUris.add(teacher.output());
                key.with("teacher", teacher.key());
            }
        }
        String precision = spec.softLabels().precision().flag();
        int shards = spec.softLabels().shards();
        String built;
        key.with("data", dataIdentity)
                .with("limit", spec.dataset().limit())
                .with("splitSeed", spec.dataset().splitSeed())
                .with("precision", precision)
                .with("shards", shards)
                .with("views", spec.softLabels().views())
                .with("seed", views(spec) != null ? spec.teacher().training().seed() : null);
        EnsembleCombine combine = spec.softLabels().ensembleCombine();
        boolean logits = teacherUris.size() > 1 && combine != EnsembleCombine.PROBABILITIES;
        if (logits) {
            key.with("ensembleCombine", combine.flag());
        }
        if (spec.softLabels().calibrate()) {
            key.with("calibrate", true);
        }
        built = key.build();
        List<String> args = new ArrayList<>(List.of("soft-labels"));
        for (String uri : teacherUris) {
            args.addAll(List.of("--teacher", uri));
        }
        args.addAll(List.of("--data", data, "--output", output(Stage.SOFT_LABELS, built)));
        limit(args);
        split(args);
        args.addAll(List.of("--precision", precision));
        if (views(spec) != null) {
            args.addAll(
                    List.of(
                            "--augment",
                            "--views",
                            String.valueOf(views(spec)),
                            "--seed",
                            String.valueOf(spec.teacher().training().seed())));
        }
        if (logits) {
            args.addAll(List.of("--ensemble-combine", combine.flag()));
        }
        if (spec.softLabels().calibrate()) {
            // Calibrated on the Distillation's held-out split, which no member trained on.
            args.add("--calibrate");
        }
        device(args, Stage.SOFT_LABELS);
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

    private static Integer views(DistillationSpec spec) {
        return spec.softLabels().views();
    }

    /** One scratch twin per distinct student model and training settings, by variant name. */
    private Map<String, String> baselines(List<StudentVariant> variants) {
        Map<String, String> nameByKey = new LinkedHashMap<>();
        Map<String, String> byVariant = new LinkedHashMap<>();
        for (StudentVariant variant : variants) {
            String key = trainKey(Stage.BASELINE, variant.model(), variant.training()).build();
            String name =
                    nameByKey.computeIfAbsent(
                            key,
                            k -> {
                                String stepName = baselineName(variant);
                                add(
                                        stepName,
                                        Stage.BASELINE,
                                        variant.student(),
                                        trainArgs(
                                                Stage.BASELINE,
                                                variant.model(),
                                                variant.training(),
                                                k),
                                        List.of(),
                                        k);
                                return stepName;
                            });
            byVariant.put(variant.name(), name);
        }
        return byVariant;
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
        ContentKey keyed =
                trainKey(Stage.STUDENT, variant.model(), variant.training())
                        .with(teacher.keyName(), teacher.key())
                        .with("temperature", temperature)
                        .with("alpha", alpha);
        if (hintWeight > 0) {
            keyed.with("hintWeight", DecimalText.plain(hintWeight));
        }
        String key = keyed.build();
        List<String> args = trainArgs(Stage.STUDENT, variant.model(), variant.training(), key);
        args.addAll(teacher.args());
        args.addAll(List.of("--temperature", temperature, "--alpha", alpha));
        if (hintWeight > 0) {
            args.addAll(List.of("--hint-weight", DecimalText.plain(hintWeight)));
        }
        return add(
                "student-" + variant.name(),
                Stage.STUDENT,
                variant.name(),
                args,
                teacher.dependsOn(),
                key);
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
        ContentKey key = ContentKey.of("report");
        List<String> inputs = new ArrayList<>();
        List<String> dependsOn = new ArrayList<>();
        if (softLabels.isPresent()) {
            // Its step scored the combined teachers: the teacher of every gap closure.
            inputs.addAll(List.of("--soft-labels", softLabels.get().output()));
            key.with("softLabels", softLabels.get().key());
            dependsOn.add(softLabels.get().name());
        }
        if (teachers.isEmpty()) {
            for (String uri : spec.teacher().pretrained()) {
                inputs.addAll(List.of("--teacher", uri));
                key.with("teacher", "pretrained:" + uri);
            }
        }
        for (PlannedStep teacher : teachers) {
            inputs.addAll(List.of("--teacher", teacher.output()));
            key.with("teacher", teacher.key());
            dependsOn.add(teacher.name());
        }
        for (PlannedStep student : students) {
            inputs.addAll(List.of("--student", student.student() + "=" + student.output()));
            key.with("student", student.student() + "=" + student.key());
            dependsOn.add(student.name());
        }
        for (Map.Entry<String, String> baseline : baselines.entrySet()) {
            PlannedStep step = step(baseline.getValue());
            inputs.addAll(List.of("--baseline", baseline.getKey() + "=" + step.output()));
            key.with("baseline", baseline.getKey() + "=" + step.key());
            if (!dependsOn.contains(step.name())) {
                dependsOn.add(step.name());
            }
        }
        String built = key.build();
        List<String> args =
                new ArrayList<>(List.of("report", "--output", output(Stage.REPORT, built)));
        args.addAll(inputs);
        add("report", Stage.REPORT, null, args, dependsOn, built);
    }

    private PlannedStep step(String name) {
        return steps.stream().filter(step -> step.name().equals(name)).findFirst().orElseThrow();
    }

    private ContentKey trainKey(Stage stage, String model, TrainingSpec training) {
        ContentKey key =
                ContentKey.of("train")
                        .with("stage", stage.label())
                        .with("model", model)
                        .with("data", dataIdentity)
                        .with("limit", spec.dataset().limit())
                        .with("splitSeed", spec.dataset().splitSeed())
                        .with("epochs", training.epochs())
                        .with("batchSize", training.batchSize())
                        .with("learningRate", DecimalText.plain(training.learningRate()))
                        .with("seed", training.seed())
                        .with("weightDecay", DecimalText.plain(training.weightDecay()))
                        .with("augment", training.augment());
        // Recipe fields join the key only when set, so the keys of older plans stay valid.
        if (training.lrSchedule() != LearningRateSchedule.CONSTANT) {
            key.with("lrSchedule", training.lrSchedule().flag());
        }
        if (training.warmupEpochs() > 0) {
            key.with("warmupEpochs", training.warmupEpochs());
        }
        if (training.earlyStopping() > 0) {
            key.with("earlyStopping", training.earlyStopping());
        }
        if (training.labelSmoothing() > 0) {
            key.with("labelSmoothing", DecimalText.plain(training.labelSmoothing()));
        }
        return key;
    }

    private List<String> trainArgs(Stage stage, String model, TrainingSpec training, String key) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "train",
                                "--model",
                                model,
                                "--data",
                                data,
                                "--output",
                                output(stage, key),
                                "--epochs",
                                String.valueOf(training.epochs()),
                                "--batch-size",
                                String.valueOf(training.batchSize()),
                                "--learning-rate",
                                DecimalText.plain(training.learningRate()),
                                "--seed",
                                String.valueOf(training.seed())));
        limit(args);
        split(args);
        if (training.weightDecay() > 0) {
            args.addAll(List.of("--weight-decay", DecimalText.plain(training.weightDecay())));
        }
        if (training.augment()) {
            args.add("--augment");
        }
        if (training.lrSchedule() != LearningRateSchedule.CONSTANT) {
            args.addAll(List.of("--lr-schedule", training.lrSchedule().flag()));
        }
        if (training.warmupEpochs() > 0) {
            args.addAll(List.of("--warmup-epochs", String.valueOf(training.warmupEpochs())));
        }
        if (training.earlyStopping() > 0) {
            args.addAll(List.of("--early-stopping", String.valueOf(training.earlyStopping())));
        }
        if (training.labelSmoothing() > 0) {
            args.addAll(List.of("--label-smoothing", DecimalText.plain(training.labelSmoothing())));
        }
        device(args, stage);
        return args;
    }

    private void limit(List<String> args) {
        if (spec.dataset().limit() != null) {
            args.addAll(List.of("--limit", String.valueOf(spec.dataset().limit())));
        }
    }

    /** Every step holds out the Distillation's one validation split. */
    private void split(List<String> args) {
        args.addAll(List.of("--split-seed", String.valueOf(spec.dataset().splitSeed())));
    }

    /** One GPU trains on it, several data-parallel; without GPUs the step picks its device. */
    private void device(List<String> args, Stage stage) {
        int gpus = spec.resources().of(stage).gpuCount();
        if (gpus == 1) {
            args.addAll(List.of("--device", "gpu"));
        } else if (gpus > 1) {
            args.addAll(List.of("--device", "gpu:all"));
        }
    }

    private String output(Stage stage, String key) {
        return storage + "/" + stage.label() + "/" + key;
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
