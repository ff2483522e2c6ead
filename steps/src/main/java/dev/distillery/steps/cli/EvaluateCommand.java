package dev.distillery.steps.cli;

import ai.djl.Device;
import ai.djl.Model;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import dev.distillery.contract.StepSummary;
import dev.distillery.steps.artifacts.DatasetSource;
import dev.distillery.steps.artifacts.StepStorage;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.data.ValidationSplit;
import dev.distillery.steps.evaluation.ModelScorecard;
import dev.distillery.steps.evaluation.ScoredSplit;
import dev.distillery.steps.imported.ImportedTeacher;
import dev.distillery.steps.imported.TeacherContract;
import dev.distillery.steps.imported.Teachers;
import dev.distillery.steps.model.ModelDescription;
import dev.distillery.steps.model.SavedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
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

/** {@code evaluate}: scores a trained model on the test split (or the validation split). */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Top-1 and per-class accuracy, loss, parameters, bytes on disk and latency of a"
                        + " model (trained here, or an imported TorchScript or ONNX teacher) on the"
                        + " test split (the validation split if there is none).")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StepOptions step;
    @Mixin DataOptions dataOptions;
    @Mixin DeviceOption device;

    @Option(names = "--model", required = true, paramLabel = "URI")
    String model;

    @Option(names = "--output", paramLabel = "URI", description = "Where to publish metrics.json.")
    Optional<String> output = Optional.empty();

    @Option(
            names = {"--split-seed", "--seed"},
            defaultValue = ValidationSplit.DEFAULT_SEED,
            paramLabel = "N",
            description =
                    "Seed of the validation split (train's --split-seed), for data without a test"
                            + " split. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--val-fraction",
            defaultValue = ValidationSplit.DEFAULT_FRACTION,
            paramLabel = "X",
            description =
                    "Validation share, for data without a test split. Default: ${DEFAULT-VALUE}.")
    double validationFraction;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String modelUri = StepStorage.canonical(model);
        try (StepStorage storage = new StepStorage()) {
            Path modelFolder = storage.fetchTeacher(modelUri);
            String dataUri =
                    DatasetSource.resolve(
                            dataOptions.data, System.getenv(), DatasetSource.PACKAGED);
            ImageDataset data = DatasetSource.load(storage, dataUri, dataOptions.limit);
            ScoredSplit scoredSplit = ScoredSplit.of(data, validationFraction, seed);
            LabelledImages images = scoredSplit.images();
            int[] samples = scoredSplit.samples();
            String split = scoredSplit.name();
            Device runsOn = device.single();
            Scored scored =
                    TeacherContract.isImported(modelFolder)
                            ? scoreImported(
                                    modelFolder, modelUri, data, images, dataUri, samples, runsOn)
                            : scoreTrained(
                                    modelFolder, modelUri, data, images, dataUri, samples, runsOn);
            ModelScorecard scorecard = scored.scorecard();
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("loss", scorecard.evaluation().loss());
            metrics.put("bytesOnDisk", (double) scorecard.bytesOnDisk());
            metrics.put("latencyMillis", scorecard.latencyMillis());
            String artifact = output.map(StepStorage::canonical).orElse(modelUri);
            StepSummary summary =
                    new StepSummary(
                            "evaluate",
                            artifact,
                            scorecard.evaluation().accuracy(),
                            scored.parameters(),
                            null,
                            (long) samples.length,
                            seconds,
                            false,
                            metrics);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("model", modelUri);
            details.put("spec", scored.spec());
            details.put("data", dataUri);
            details.put("split", split);
            details.put("classNames", data.classNames());
            details.put("perClassAccuracy", scorecard.evaluation().perClassAccuracy());
            details.put("batchMillisPerSample", scorecard.batchMillisPerSample());
            err.println(
                    "evaluated "
                            + scored.spec()
                            + " on "
                            + samples.length
                            + " "
                            + split
                            + " samples of "
                            + dataUri);
            if (output.isPresent()) {
                Path folder = storage.newFolder("evaluation");
                StepReport.writeMetrics(folder, summary, details);
                storage.publish(folder, artifact);
            }
            StepReport.announce(summary, out, step.terminationLog, err);
            return ExitCodes.OK;
        }
    }

    /** A model's scorecard, with what the summary says of it. */
    private record Scored(ModelScorecard scorecard, String spec, Long parameters) {}

    private static Scored scoreTrained(
            Path folder,
            String modelUri,
            ImageDataset data,
            LabelledImages images,
            String dataUri,
            int[] samples,
            Device runsOn) {
        ModelDescription description =
                ModelDescription.read(folder.resolve(ArtifactFiles.MODEL_SPEC));
        if (!description.shape().equals(images.shape())
                || description.classes() != data.classes()) {
            throw DistilleryException.badInput(
                    "model "
                            + modelUri
                            + " takes "
                            + description.shape()
                            + " images of "
                            + description.classes()
                            + " classes but the data "
                            + dataUri
                            + " has "
                            + images.shape()
                            + " images of "
                            + data.classes()
                            + " classes");
        }
        try (Model loaded = SavedModel.load(folder, runsOn)) {
            return new Scored(
                    ModelScorecard.measure(loaded, description, images, samples, folder),
                    description.spec(),
                    description.parameters());
        }
    }

    /** An imported teacher, fed as its contract declares, so its accuracy can be reported. */
    private static Scored scoreImported(
            Path folder,
            String modelUri,
            ImageDataset data,
            LabelledImages images,
            String dataUri,
            int[] samples,
            Device runsOn) {
        Teachers.DataFit fit = new Teachers.DataFit(images.shape(), data.classNames(), dataUri);
        try (ImportedTeacher teacher = ImportedTeacher.load(folder, modelUri, fit, runsOn)) {
            TeacherContract contract = teacher.contract();
            long bytes =
                    ModelScorecard.bytesOf(folder, List.of(TeacherContract.FILE, contract.file()));
            return new Scored(
                    ModelScorecard.measure(teacher, data.classes(), images, samples, bytes),
                    "imported " + contract.format() + " " + contract.input().size(),
                    teacher.parameters().orElse(null));
        }
    }
}
