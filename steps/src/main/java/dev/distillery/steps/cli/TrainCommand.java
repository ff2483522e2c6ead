package dev.distillery.steps.cli;

import ai.djl.Device;
import dev.distillery.contract.ExitCodes;
import dev.distillery.contract.StepSummary;
import dev.distillery.steps.artifacts.CheckpointSlots;
import dev.distillery.steps.artifacts.DatasetSource;
import dev.distillery.steps.artifacts.StepStorage;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.ValidationSplit;
import dev.distillery.steps.evaluation.ModelEvaluation;
import dev.distillery.steps.model.ModelSpec;
import dev.distillery.steps.training.DeviceChoice;
import dev.distillery.steps.training.RunSettings;
import dev.distillery.steps.training.TrainingResult;
import dev.distillery.steps.training.TrainingRun;
import dev.distillery.steps.training.TrainingSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: trains a teacher, or a distilled student of stored soft labels ({@code
 * --teacher-logits}) or of fixed teachers run in the step ({@code --teacher}).
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train one network; with --teacher-logits, a student with Hinton's loss.")
public final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StepOptions step;
    @Mixin DataOptions dataOptions;
    @Mixin TeacherOptions teacherOptions;

    @Option(names = "--model", required = true, paramLabel = "SPEC", description = ModelSpec.KNOWN)
    String model;

    @Option(names = "--output", required = true, paramLabel = "URI", description = "Artifact URI.")
    String output;

    @Option(
            names = "--epochs",
            defaultValue = "10",
            paramLabel = "N",
            description = "Passes over the training split. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(
            names = "--batch-size",
            defaultValue = "128",
            paramLabel = "N",
            description = "Samples per optimizer step. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(
            names = "--learning-rate",
            defaultValue = "0.001",
            paramLabel = "X",
            description = "Optimizer learning rate. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description =
                    "Seeds initialization, dropout, shuffling and augmentation. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin DeviceOption device;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (momentum).")
    String optimizer;

    @Option(
            names = "--momentum",
            defaultValue = "0.9",
            paramLabel = "X",
            description = "SGD momentum. Default: ${DEFAULT-VALUE}.")
    double momentum;

    @Option(
            names = "--weight-decay",
            defaultValue = "0",
            paramLabel = "X",
            description =
                    "Weight decay: decoupled (AdamW) with adam, L2 with sgd. Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(
            names = "--lr-schedule",
            defaultValue = "constant",
            paramLabel = "NAME",
            description =
                    "constant or cosine (annealed to 0 over the run, per batch). Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(
            names = "--warmup-epochs",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "Linear learning-rate warm-up from 0, per batch. Default: ${DEFAULT-VALUE}.")
    int warmupEpochs;

    @Option(
            names = "--early-stopping",
            defaultValue = "0",
            paramLabel = "PATIENCE",
            description =
                    "Stop after PATIENCE epochs without a better validation accuracy and keep the"
                            + " best epoch's parameters; 0 = off. Default: ${DEFAULT-VALUE}.")
    int earlyStopping;

    @Option(
            names = "--label-smoothing",
            defaultValue = "0",
            paramLabel = "X",
            description =
                    "Label smoothing of the hard-label term; keep 0 for teachers used for KD."
                            + " Default: ${DEFAULT-VALUE}.")
    double labelSmoothing;

    @Option(
            names = "--val-fraction",
            defaultValue = ValidationSplit.DEFAULT_FRACTION,
            paramLabel = "X",
            description = "Share of the training samples held out for validation (seeded).")
    double validationFraction;

    @Option(
            names = "--split-seed",
            defaultValue = ValidationSplit.DEFAULT_SEED,
            paramLabel = "N",
            description =
                    "Seeds the validation split; give every step of a distillation the same one"
                            + " so no model is validated on its teacher's training images."
                            + " Default: ${DEFAULT-VALUE}.")
    long splitSeed;

    @Option(names = "--augment", description = "Train on seeded random shifts of the images.")
    boolean augment;

    @Option(
            names = "--export",
            paramLabel = "FORMAT",
            description =
                    "Also write the parameters as model.safetensors or model.npz (safetensors|npz)"
                            + " for programs outside DJL.")
    Optional<String> export = Optional.empty();

    @Option(
            names = "--flip",
            description = "With --augment, also mirror half of the views left to right.")
    boolean flip;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TrainingSettings settings =
                new TrainingSettings(
                        ModelSpec.parse(model),
                        epochs,
                        batchSize,
                        learningRate,
                        seed,
                        optimizer,
                        momentum,
                        weightDecay,
                        validationFraction,
                        augment,
                        flip,
                        teacherOptions.temperature,
                        teacherOptions.alpha,
                        schedule,
                        warmupEpochs,
                        earlyStopping,
                        labelSmoothing,
                        teacherOptions.hintWeight,
                        splitSeed);
        teacherOptions.check();
        String target = StepStorage.canonical(output);
        String dataUri =
                DatasetSource.resolve(dataOptions.data, System.getenv(), DatasetSource.PACKAGED);
        Map<String, String> inputs = inputs(dataUri);
        RunSettings runSettings = RunSettings.of(settings, inputs);
        try (StepStorage storage = new StepStorage()) {
            if (storage.isComplete(target)) {
                Path done = storage.fetch(target);
                Optional<RunSettings> earlier = StepReport.readRunSettings(done);
                if (earlier.isPresent()) {
                    runSettings.requireSameAs(earlier.get(), "output " + target);
                } else {
                    err.println(
                            "output "
                                    + target
                                    + " predates stored run settings: they cannot be compared");
                }
                err.println("output " + target + " is already complete; nothing to do");
                StepReport.announce(StepSummary.reusedFrom(done), out, step.terminationLog, err);
                return ExitCodes.OK;
            }
            ImageDataset data = DatasetSource.load(storage, dataUri, dataOptions.limit);
            Device[] devices = device.all();
            err.println(
                    "training "
                            + settings.spec().text()
                            + " on "
                            + data.train().count()
                            + " samples of "
                            + dataUri
                            + " ("
                            + data.shape()
                            + ", "
                            + data.classes()
                            + " classes) on device "
                            + DeviceChoice.describe(devices)
                            + teacherOptions.describe());
            CheckpointSlots checkpoints = new CheckpointSlots(storage, target);
            Path modelFolder = storage.newFolder("model");
            TrainingResult result;
            // A live teacher runs where the student's first slice does.
            try (TeacherSource.Loaded teacher =
                    teacherOptions.source.load(
                            storage, data, dataUri, devices[0], teacherOptions.hintWeight > 0)) {
                result =
                        new TrainingRun(
                                        settings,
                                        inputs,
                                        devices,
                                        dataOptions.workers,
                                        err::println)
                                .run(
                                        data,
                                        teacher.signal(),
                                        checkpoints.latest(),
                                        checkpoints,
                                        modelFolder,
                                        export);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            StepSummary summary = summary(target, result, seconds);
            Map<String, Object> details = details(result, dataUri);
            details.put(StepReport.RUN_SETTINGS, runSettings.values());
            StepReport.writeMetrics(modelFolder, summary, details);
            storage.publish(modelFolder, target);
            if (result.resumed()) {
                err.println("resumed after epoch " + result.resumedFromEpoch() + " and finished");
            }
            StepReport.announce(summary, out, step.terminationLog, err);
            return ExitCodes.OK;
        }
    }

    /** The flags naming this run's data and teacher, which its checkpoints must match. */
    private Map<String, String> inputs(String dataUri) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("--data", StepStorage.canonical(dataUri));
        inputs.put("--limit", String.valueOf(dataOptions.limit));
        teacherOptions.source.addInputs(inputs);
        return inputs;
    }

    private StepSummary summary(String target, TrainingResult result, double seconds) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (result.bestEpoch() > 0) {
            metrics.put("bestEpoch", (double) result.bestEpoch());
        }
        result.test().ifPresent(t -> metrics.put("testAccuracy", t.accuracy()));
        result.validation().ifPresent(v -> metrics.put("loss", v.loss()));
        if (!result.history().isEmpty()) {
            metrics.put(
                    "samplesPerSecond",
                    result.history().get(result.history().size() - 1).samplesPerSecond());
        }
        Double accuracy =
                result.validation()
                        .map(ModelEvaluation::accuracy)
                        .orElse(result.test().map(ModelEvaluation::accuracy).orElse(null));
        return new StepSummary(
                "train",
                target,
                accuracy,
                result.description().parameters(),
                result.history().size(),
                (long) result.trainSamples(),
                seconds,
                result.resumed(),
                metrics);
    }

    private Map<String, Object> details(TrainingResult result, String dataUri) {
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
        details.put("seed", seed);
        details.put("splitSeed", splitSeed);
        details.put("batchSize", batchSize);
        details.put("learningRate", learningRate);
        details.put("optimizer", optimizer);
        details.put("augment", augment);
        details.put("flip", augment && flip);
        details.put("weightDecay", weightDecay);
        details.put("lrSchedule", schedule);
        details.put("warmupEpochs", warmupEpochs);
        details.put("earlyStopping", earlyStopping);
        details.put("bestEpoch", result.bestEpoch() > 0 ? result.bestEpoch() : null);
        details.put("stoppedEarly", result.stoppedEarly());
        details.put("labelSmoothing", labelSmoothing);
        teacherOptions.addDetails(details);
        details.put("history", result.history());
        return details;
    }
}
