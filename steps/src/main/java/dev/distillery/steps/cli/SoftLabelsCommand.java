package dev.distillery.steps.cli;

import ai.djl.Device;
import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import dev.distillery.contract.StepSummary;
import dev.distillery.steps.artifacts.DatasetSource;
import dev.distillery.steps.artifacts.SoftLabelArtifact;
import dev.distillery.steps.artifacts.StepStorage;
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.ValidationSplit;
import dev.distillery.steps.softlabels.EnsembleCombination;
import dev.distillery.steps.softlabels.SoftLabelRun;
import dev.distillery.steps.softlabels.TeacherEnsemble;
import dev.distillery.steps.softlabels.TemperatureCalibration;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code soft-labels}: runs the teacher(s) over the training set once and stores raw logits. */
@Command(
        name = "soft-labels",
        mixinStandardHelpOptions = true,
        description = "Store the teacher(s)' raw logits for every training sample.")
public final class SoftLabelsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StepOptions step;
    @Mixin DataOptions dataOptions;
    @Mixin DeviceOption device;

    @Option(
            names = "--teacher",
            required = true,
            paramLabel = "URI",
            description =
                    "A trained model, or an imported TorchScript or ONNX teacher (a folder with"
                            + " teacher.json); repeat for an ensemble.")
    List<String> teachers = new ArrayList<>();

    @Option(names = "--output", required = true, paramLabel = "URI")
    String output;

    @Option(
            names = "--shard",
            defaultValue = "0",
            paramLabel = "I",
            description = "This shard's index, from 0. Default: ${DEFAULT-VALUE}.")
    int shard;

    @Option(
            names = "--shards",
            defaultValue = "1",
            paramLabel = "N",
            description =
                    "Number of shards, each a contiguous range of samples. Default: ${DEFAULT-VALUE}.")
    int shards;

    @Option(names = "--precision", defaultValue = "fp32", description = "fp32 or fp16.")
    String precision;

    @Option(
            names = "--augment",
            description = "Label seeded augmented views (one per student epoch, see --views).")
    boolean augment;

    @Option(
            names = "--flip",
            description = "With --augment, also mirror half of the views left to right.")
    boolean flip;

    @Option(
            names = "--views",
            defaultValue = "1",
            paramLabel = "K",
            description =
                    "Augmented views to label per sample, with --augment. Default: ${DEFAULT-VALUE}.")
    int views;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description = "Augmentation seed.")
    long seed;

    @Option(
            names = "--split-seed",
            defaultValue = ValidationSplit.DEFAULT_SEED,
            paramLabel = "N",
            description =
                    "Seeds the held-out split the teacher is calibrated and scored on: the"
                            + " --split-seed its members and students train with. Default:"
                            + " ${DEFAULT-VALUE}.")
    long splitSeed;

    @Option(
            names = "--ensemble-combine",
            defaultValue = "probabilities",
            paramLabel = "RULE",
            description =
                    "How ensemble members combine: probabilities (log of the mean softmax, stored"
                            + " as log-probabilities) or logits (mean). Default: ${DEFAULT-VALUE}.")
    String ensembleCombine;

    @Option(
            names = "--val-fraction",
            defaultValue = ValidationSplit.DEFAULT_FRACTION,
            paramLabel = "X",
            description =
                    "The held-out share (seeded by --split-seed, as train's) on which the teacher's"
                            + " temperature is calibrated; 0 skips calibration. Default: ${DEFAULT-VALUE}.")
    double validationFraction;

    @Option(
            names = "--calibrate",
            description =
                    "Store the logits divided by the calibrated temperature (a calibrated"
                            + " teacher); without it the temperature is only measured.")
    boolean calibrate;

    @Option(
            names = "--batch-size",
            defaultValue = "512",
            paramLabel = "N",
            description = "Samples per teacher forward pass. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkOptions();
        String target = SoftLabelArtifact.shardUri(StepStorage.canonical(output), shard, shards);
        try (StepStorage storage = new StepStorage()) {
            if (storage.isComplete(target)) {
                err.println("soft labels " + target + " are already complete; nothing to do");
                StepReport.announce(
                        StepSummary.reusedFrom(storage.fetch(target)),
                        out,
                        step.terminationLog,
                        err);
                return ExitCodes.OK;
            }
            String dataUri =
                    DatasetSource.resolve(
                            dataOptions.data, System.getenv(), DatasetSource.PACKAGED);
            ImageDataset data = DatasetSource.load(storage, dataUri, dataOptions.limit);
            List<Path> teacherFolders = new ArrayList<>();
            for (String teacher : teachers) {
                teacherFolders.add(storage.fetchTeacher(StepStorage.canonical(teacher)));
            }
            Device runsOn = device.single();
            TeacherEnsemble ensemble =
                    new TeacherEnsemble(
                            teacherFolders,
                            EnsembleCombination.fromFlag(ensembleCombine),
                            runsOn,
                            data.classNames());
            ensemble.checkFits(data.train(), dataUri);
            int storedViews = augment ? views : 1;
            SoftLabelRun.Settings settings =
                    new SoftLabelRun.Settings(
                            precision,
                            augment ? Optional.of(Augmentation.of(seed, flip)) : Optional.empty(),
                            storedViews,
                            validationFraction,
                            splitSeed,
                            calibrate,
                            batchSize,
                            dataOptions.workers,
                            teachers);
            Path folder = storage.newFolder("soft-labels");
            SoftLabelRun.Result result =
                    new SoftLabelRun(ensemble, settings, err::println)
                            .run(data, shard, shards, folder);
            result.calibration().ifPresent(c -> report(c, err));
            int labelled = result.header().end() - result.header().start();
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("bytesPerSample", (double) result.bytes() / Math.max(1, labelled));
            metrics.put(
                    "samplesPerSecond",
                    (double) labelled * storedViews / result.labellingSeconds());
            result.validationAccuracy().ifPresent(a -> metrics.put("validationAccuracy", a));
            result.testAccuracy().ifPresent(a -> metrics.put("testAccuracy", a));
            result.calibration()
                    .ifPresent(
                            c -> {
                                metrics.put("calibratedTemperature", c.temperature());
                                metrics.put("nllBefore", c.nllBefore());
                                metrics.put("nllAfter", c.nllAfter());
                                metrics.put("eceBefore", c.eceBefore());
                                metrics.put("eceAfter", c.eceAfter());
                            });
            StepSummary summary =
                    new StepSummary(
                            "soft-labels",
                            target,
                            result.validationAccuracy().orElse(null),
                            null,
                            null,
                            (long) labelled,
                            seconds,
                            false,
                            metrics);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("data", dataUri);
            details.put("teachers", teachers);
            details.put("ensemble", ensemble.combination());
            details.put("precision", precision);
            details.put("shard", shard);
            details.put("shards", shards);
            details.put("views", storedViews);
            details.put("splitSeed", splitSeed);
            details.put("workers", dataOptions.workers);
            details.put("bytes", result.bytes());
            details.put("calibration", result.calibration().orElse(null));
            details.put("calibrationApplied", calibrate && result.calibration().isPresent());
            StepReport.writeMetrics(folder, summary, details);
            storage.publish(folder, target);
            StepReport.announce(summary, out, step.terminationLog, err);
            return ExitCodes.OK;
        }
    }

    private static void report(TemperatureCalibration c, PrintWriter err) {
        err.println(
                String.format(
                        "teacher calibration on the held-out split: T=%.3f, NLL %.4f -> %.4f,"
                                + " ECE %.4f -> %.4f",
                        c.temperature(), c.nllBefore(), c.nllAfter(), c.eceBefore(), c.eceAfter()));
    }

    private void checkOptions() {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw DistilleryException.badInput(
                    "--val-fraction must be in [0,1), got " + validationFraction);
        }
        if (calibrate && validationFraction == 0) {
            throw DistilleryException.badInput(
                    "--calibrate needs a held-out split: --val-fraction must be > 0");
        }
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw DistilleryException.badInput(
                    "--shard " + shard + " --shards " + shards + ": need 0 <= shard < shards");
        }
        if (!precision.equals("fp32") && !precision.equals("fp16")) {
            throw DistilleryException.badInput(
                    "--precision must be fp32 or fp16, got '" + precision + "'");
        }
        if (views < 1) {
            throw DistilleryException.badInput("--views must be positive, got " + views);
        }
    }
}
