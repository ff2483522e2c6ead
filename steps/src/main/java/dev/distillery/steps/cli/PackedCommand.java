package dev.distillery.steps.cli;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import dev.distillery.contract.GroupMetrics;
import dev.distillery.contract.StepSummary;
import dev.distillery.steps.artifacts.CheckpointSlots;
import dev.distillery.steps.artifacts.DatasetSource;
import dev.distillery.steps.artifacts.StepStorage;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.ValidationSplit;
import dev.distillery.steps.evaluation.ModelEvaluation;
import dev.distillery.steps.model.ModelSpec;
import dev.distillery.steps.training.PackedTrainingResult;
import dev.distillery.steps.training.PackedTrainingRun;
import dev.distillery.steps.training.RunSettings;
import dev.distillery.steps.training.TrainingResult;
import dev.distillery.steps.training.TrainingSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code packed}: trains several students in one step on shared batches ({@link
 * PackedTrainingRun}), with one read of the stored soft labels ({@code --teacher-logits}) or one
 * forward pass of the teachers loaded into the step ({@code --teacher}, consistent mode) per batch,
 * or from the labels alone (scratch twins), and publishes each student as a model artifact below
 * the output, as a train step would, then the pack's summary at the output itself.
 */
@Command(
        name = "packed",
        mixinStandardHelpOptions = true,
        description =
                "Train several students in one step on shared batches: one data load and one"
                        + " soft-label read (or teacher forward pass) per batch for the whole"
                        + " pack.")
public final class PackedCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StepOptions step;
    @Mixin DataOptions dataOptions;
    @Mixin DeviceOption device;

    @Option(names = "--output", required = true, paramLabel = "URI", description = "Artifact URI.")
    String output;

    /**
     * Every student learns from this teacher, with its own --temperature, --alpha and
     * --hint-weight; without one the pack trains from the labels alone (scratch twins).
     */
    @Mixin TeacherSource teacher;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "N")
    int batchSize;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description =
                    "Seeds shuffling and augmentation (shared) and each student's initialization"
                            + " and dropout. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--val-fraction",
            defaultValue = ValidationSplit.DEFAULT_FRACTION,
            paramLabel = "X")
    double validationFraction;

    @Option(names = "--split-seed", defaultValue = ValidationSplit.DEFAULT_SEED, paramLabel = "N")
    long splitSeed;

    @Option(names = "--augment", description = "Train on seeded random shifts of the images.")
    boolean augment;

    @Option(names = "--flip", description = "With --augment, also mirror half of the views.")
    boolean flip;

    @ArgGroup(exclusive = false, multiplicity = "1..*", heading = "Each student:%n")
    List<StudentOptions> students;

    /** One student of the pack: {@code --student NAME --model SPEC} and its own recipe. */
    static final class StudentOptions {
        @Option(
                names = "--student",
                required = true,
                paramLabel = "NAME",
                description = "Starts a student; its artifact is <output>/student-NAME.")
        String name;

        @Option(
                names = "--model",
                required = true,
                paramLabel = "SPEC",
                description = ModelSpec.KNOWN)
        String model;

        @Option(names = "--learning-rate", paramLabel = "X", description = "Default 0.001.")
        double learningRate = 0.001;

        @Option(names = "--temperature", paramLabel = "T", description = "Default 4.")
        double temperature = 4;

        @Option(names = "--alpha", paramLabel = "A", description = "Default 0.9.")
        double alpha = 0.9;

        @Option(names = "--weight-decay", paramLabel = "X", description = "Default 0.")
        double weightDecay;

        @Option(names = "--lr-schedule", paramLabel = "NAME", description = "Default constant.")
        String schedule = "constant";

        @Option(names = "--warmup-epochs", paramLabel = "N", description = "Default 0.")
        int warmupEpochs;

        @Option(names = "--early-stopping", paramLabel = "PATIENCE", description = "Default 0.")
        int earlyStopping;

        @Option(names = "--label-smoothing", paramLabel = "X", description = "Default 0.")
        double labelSmoothing;

        @Option(
                names = "--hint-weight",
                paramLabel = "W",
                description = "FitNets hint term, with --teacher; default 0 (off).")
        double hintWeight;
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<PackedTrainingRun.Member> members = members();
        teacher.check(
                students.stream()
                        .filter(s -> s.hintWeight > 0)
                        .findFirst()
                        .map(s -> "--hint-weight " + s.hintWeight + " of --student " + s.name));
        String target = StepStorage.canonical(output);
        String dataUri =
                DatasetSource.resolve(dataOptions.data, System.getenv(), DatasetSource.PACKAGED);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("--data", StepStorage.canonical(dataUri));
        inputs.put("--limit", String.valueOf(dataOptions.limit));
        teacher.addInputs(inputs);
        PackedTrainingRun run =
                new PackedTrainingRun(
                        members, inputs, device.single(), dataOptions.workers, err::println);
        RunSettings runSettings = run.runSettings();
        try (StepStorage storage = new StepStorage()) {
            if (storage.isComplete(target)) {
                Path done = storage.fetch(target);
                StepReport.readRunSettings(done)
                        .ifPresent(
                                earlier -> runSettings.requireSameAs(earlier, "output " + target));
                err.println("output " + target + " is already complete; nothing to do");
                StepReport.announce(StepSummary.reusedFrom(done), out, step.terminationLog, err);
                return ExitCodes.OK;
            }
            ImageDataset data = DatasetSource.load(storage, dataUri, dataOptions.limit);
            err.println(
                    "training a pack of "
                            + members.size()
                            + " students ("
                            + String.join(
                                    ", ",
                                    members.stream()
                                            .map(
                                                    m ->
                                                            m.network()
                                                                    + " "
                                                                    + m.settings().spec().text())
                                            .toList())
                            + ") on "
                            + data.train().count()
                            + " samples of "
                            + dataUri
                            + " from "
                            + teacher.describe()
                            + " on device "
                            + device.single());
            CheckpointSlots checkpoints = new CheckpointSlots(storage, target);
            Path models = storage.newFolder("models");
            PackedTrainingResult result;
            // Live teachers label each batch once, on the pack's device, for every student.
            try (TeacherSource.Loaded loaded =
                    teacher.load(
                            storage,
                            data,
                            dataUri,
                            device.single(),
                            members.stream().anyMatch(m -> m.settings().hintWeight() > 0))) {
                result = run.run(data, loaded.signal(), checkpoints.latest(), checkpoints, models);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            // Every student first, as a model artifact of its own; the pack's summary last, so a
            // complete output means a complete pack.
            for (int k = 0; k < members.size(); k++) {
                PackedTrainingResult.Student student = result.students().get(k);
                String uri = StepStorage.child(target, student.network());
                StepReport.writeMetrics(
                        student.folder(),
                        studentSummary(uri, student.result(), seconds),
                        details(members.get(k).settings(), student.result(), dataUri));
                storage.publish(student.folder(), uri);
            }
            Path pack = storage.newFolder("pack");
            StepSummary summary = packSummary(target, result, seconds);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("data", dataUri);
            details.put("students", members.stream().map(m -> m.network()).toList());
            details.put("resumedFromEpoch", result.resumedFromEpoch());
            details.put("device", device.single().toString());
            details.put(StepReport.RUN_SETTINGS, runSettings.values());
            StepReport.writeMetrics(pack, summary, details);
            storage.publish(pack, target);
            if (result.resumed()) {
                err.println("resumed after epoch " + result.resumedFromEpoch() + " and finished");
            }
            StepReport.announce(summary, out, step.terminationLog, err);
            return ExitCodes.OK;
        }
    }

    /** Each student's settings; a repeated name is bad input. */
    private List<PackedTrainingRun.Member> members() {
        List<PackedTrainingRun.Member> members = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (StudentOptions student : students) {
            if (!student.name.matches("[a-z]([-a-z0-9]*[a-z0-9])?")) {
                throw DistilleryException.badInput(
                        "--student "
                                + student.name
                                + " must be a name of lowercase letters, digits and '-'");
            }
            if (!names.add(student.name)) {
                throw DistilleryException.badInput("--student " + student.name + " is given twice");
            }
            boolean distilled = teacher.present();
            TrainingSettings settings =
                    new TrainingSettings(
                            ModelSpec.parse(student.model),
                            epochs,
                            batchSize,
                            student.learningRate,
                            seed,
                            "adam",
                            0.9,
                            student.weightDecay,
                            validationFraction,
                            augment,
                            flip,
                            student.temperature,
                            distilled ? student.alpha : 0,
                            student.schedule,
                            student.warmupEpochs,
                            student.earlyStopping,
                            student.labelSmoothing,
                            student.hintWeight,
                            splitSeed);
            members.add(new PackedTrainingRun.Member(GroupMetrics.student(student.name), settings));
        }
        return members;
    }

    /** A student's summary, as a train step of that student writes it. */
    private static StepSummary studentSummary(String uri, TrainingResult result, double seconds) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (result.bestEpoch() > 0) {
            metrics.put("bestEpoch", (double) result.bestEpoch());
        }
        result.test().ifPresent(t -> metrics.put("testAccuracy", t.accuracy()));
        result.validation().ifPresent(v -> metrics.put("loss", v.loss()));
        return new StepSummary(
                "train",
                uri,
                accuracy(result),
                result.description().parameters(),
                result.history().size(),
                (long) result.trainSamples(),
                seconds,
                result.resumed(),
                metrics);
    }

    /**
     * The pack's summary: every student's test and validation accuracy and parameters under {@link
     * GroupMetrics} keys; the step's own accuracy is its best student's.
     */
    private StepSummary packSummary(String target, PackedTrainingResult result, double seconds) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        Double best = null;
        long parameters = 0;
        for (PackedTrainingResult.Student student : result.students()) {
            String name = student.network();
            TrainingResult own = student.result();
            own.test()
                    .ifPresent(
                            t ->
                                    metrics.put(
                                            GroupMetrics.key(name, GroupMetrics.TEST_ACCURACY),
                                            t.accuracy()));
            own.validation()
                    .ifPresent(
                            v ->
                                    metrics.put(
                                            GroupMetrics.key(
                                                    name, GroupMetrics.VALIDATION_ACCURACY),
                                            v.accuracy()));
            metrics.put(
                    GroupMetrics.key(name, GroupMetrics.PARAMETERS),
                    (double) own.description().parameters());
            Double accuracy = accuracy(own);
            if (accuracy != null && (best == null || accuracy > best)) {
                best = accuracy;
            }
            parameters += own.description().parameters();
        }
        return new StepSummary(
                "packed",
                target,
                best,
                parameters,
                epochs - result.resumedFromEpoch(),
                (long) result.students().get(0).result().trainSamples(),
                seconds,
                result.resumed(),
                metrics);
    }

    private static Double accuracy(TrainingResult result) {
        return result.validation()
                .map(ModelEvaluation::accuracy)
                .orElse(result.test().map(ModelEvaluation::accuracy).orElse(null));
    }

    /** What the report reads from a student's {@code metrics.json}, as a train step writes it. */
    private Map<String, Object> details(
            TrainingSettings settings, TrainingResult result, String dataUri) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", result.description().spec());
        details.put("data", dataUri);
        details.put(
                "validationAccuracy",
                result.validation().map(ModelEvaluation::accuracy).orElse(null));
        details.put("testAccuracy", result.test().map(ModelEvaluation::accuracy).orElse(null));
        details.put(
                "testPerClassAccuracy",
                result.test().map(ModelEvaluation::perClassAccuracy).orElse(null));
        details.put("resumedFromEpoch", result.resumedFromEpoch());
        details.put("device", result.devices());
        details.put("packed", true);
        details.put("seed", seed);
        details.put("splitSeed", splitSeed);
        details.put("batchSize", batchSize);
        details.put("learningRate", settings.learningRate());
        details.put("optimizer", settings.optimizer());
        details.put("augment", augment);
        details.put("flip", augment && flip);
        details.put("weightDecay", settings.weightDecay());
        details.put("lrSchedule", settings.schedule());
        details.put("warmupEpochs", settings.warmupEpochs());
        details.put("earlyStopping", settings.earlyStopping());
        details.put("bestEpoch", result.bestEpoch() > 0 ? result.bestEpoch() : null);
        details.put("stoppedEarly", result.stoppedEarly());
        details.put("labelSmoothing", settings.labelSmoothing());
        teacher.addDetails(details);
        TeacherOptions.addLossDetails(
                details,
                teacher.present(),
                settings.temperature(),
                settings.alpha(),
                settings.hintWeight());
        details.put("history", result.history());
        return details;
    }
}
