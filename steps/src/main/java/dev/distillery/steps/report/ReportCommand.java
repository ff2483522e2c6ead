package dev.distillery.steps.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.contract.ExitCodes;
import dev.distillery.contract.StepSummary;
import dev.distillery.contract.sweep.GapClosure;
import dev.distillery.steps.artifacts.DatasetSource;
import dev.distillery.steps.artifacts.SoftLabelArtifact;
import dev.distillery.steps.artifacts.StepStorage;
import dev.distillery.steps.cli.LogOption;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.ValidationSplit;
import dev.distillery.steps.evaluation.ScoredSplit;
import dev.distillery.steps.export.DeployedVariants;
import dev.distillery.steps.imported.TeacherContract;
import dev.distillery.steps.imported.Teachers;
import dev.distillery.steps.report.ModelResult.Role;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code report}: gathers the metrics of the teacher members, the ensemble they form, distilled
 * students and scratch twins into {@code report.html} (with each student's sweep grid and the
 * setting chosen on validation accuracy) with {@code pareto.png} and training curves, published as
 * an artifact. Given the data, it also scores what ships: each shipped student's TorchScript export
 * in float32 and in int8.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Write report.html, pareto.png and training curves from trained artifacts.")
public final class ReportCommand implements Callable<Integer> {
    /** The page of the report artifact. */
    public static final String PAGE = "report.html";

    /** Accuracy against parameter count. */
    public static final String PARETO = "pareto.png";

    /** Training loss per epoch. */
    public static final String LOSS = "loss.png";

    /** Validation accuracy per epoch. */
    public static final String ACCURACY = "accuracy.png";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec CommandSpec spec;

    @Mixin LogOption log;

    @Option(names = "--output", required = true, paramLabel = "URI", description = "Artifact URI.")
    String output;

    @Option(names = "--teacher", paramLabel = "URI", description = "A teacher member; repeat.")
    List<String> teachers = new ArrayList<>();

    @Option(
            names = "--student",
            paramLabel = "NAME=URI",
            description = "A distilled student variant; repeat.")
    Map<String, String> students = new LinkedHashMap<>();

    @Option(
            names = "--baseline",
            paramLabel = "NAME=URI",
            description = "The scratch twin of the student variant NAME; repeat.")
    Map<String, String> baselines = new LinkedHashMap<>();

    @Option(
            names = "--soft-labels",
            paramLabel = "URI",
            description =
                    "The soft labels the students learned from: their step scored the combined"
                            + " teachers, the accuracy every gap closure is measured against.")
    String softLabels;

    @Option(
            names = "--data",
            paramLabel = "URI",
            description =
                    "The students' dataset (as their train steps had it): with it, each shipped"
                            + " student is exported as TorchScript in float32 and int8 and both"
                            + " are scored on its test split (the validation split without one).")
    Optional<String> data = Optional.empty();

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "0",
            description = "The first N training samples, as the train steps had them (0: all).")
    int limit;

    @Option(
            names = "--split-seed",
            defaultValue = ValidationSplit.DEFAULT_SEED,
            paramLabel = "N",
            description =
                    "Seed of the validation split, for data without a test split. Default:"
                            + " ${DEFAULT-VALUE}.")
    long splitSeed;

    @Option(
            names = "--title",
            defaultValue = "Distillation report",
            description = "Heading of the page.")
    String title;

    @Option(
            names = "--termination-log",
            paramLabel = "PATH",
            defaultValue = "/dev/termination-log",
            description = "File for the one-line JSON summary; skipped if not writable.")
    Path terminationLog;

    @Override
    public Integer call() throws IOException {
        System.setProperty("java.awt.headless", "true");
        long started = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        String target = StepStorage.canonical(output);
        try (StepStorage storage = new StepStorage()) {
            if (storage.isComplete(target)) {
                err.println("report " + target + " is already complete; nothing to do");
                writeTerminationLog(summary(target, 0, started).asReused(), err);
                return ExitCodes.OK;
            }
            List<ModelResult> results = new ArrayList<>();
            for (int i = 0; i < teachers.size(); i++) {
                results.add(read(storage, Role.TEACHER, "teacher-" + i, teachers.get(i)));
            }
            List<ModelResult> members = List.copyOf(results);
            Optional<ModelResult> ensemble = ensemble(storage, members);
            if (members.size() > 1) {
                ensemble.filter(e -> e.accuracy() != null).ifPresent(results::add);
            }
            Double teacherAccuracy =
                    GapClosure.teacherAccuracy(
                            members.stream().map(ModelResult::accuracy).toList(),
                            ensemble.map(ModelResult::accuracy).orElse(null));
            students.forEach((name, uri) -> results.add(read(storage, Role.STUDENT, name, uri)));
            Map<String, ModelResult> scratchOf = new HashMap<>();
            Map<String, ModelResult> scratchByUri = new LinkedHashMap<>();
            baselines.forEach(
                    (name, uri) -> {
                        String canonical = StepStorage.canonical(uri);
                        ModelResult scratch =
                                scratchByUri.computeIfAbsent(
                                        canonical, u -> read(storage, Role.SCRATCH, name, u));
                        scratchOf.put(name, scratch);
                    });
            results.addAll(scratchByUri.values());
            List<StudentGrid> grids = StudentGrid.of(results, scratchOf);
            List<StudentDeployment> deployments =
                    data.isPresent() ? deployments(storage, results, grids, err) : List.of();
            Path folder = storage.newFolder("report");
            Map<String, String> images = new LinkedHashMap<>();
            image(ParetoChart.of(results, grids), folder, PARETO, "Accuracy against size", images);
            image(TrainingCurves.loss(results), folder, LOSS, "Training loss", images);
            image(TrainingCurves.accuracy(results), folder, ACCURACY, "Accuracy", images);
            Files.writeString(
                    folder.resolve(PAGE),
                    ReportPage.html(
                            title, results, teacherAccuracy, scratchOf, grids, deployments, images),
                    StandardCharsets.UTF_8);
            StepSummary summary = summary(target, results.size(), started);
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("step", summary.step());
            metrics.put("artifact", target);
            metrics.put("seconds", summary.seconds());
            metrics.put("results", results);
            metrics.put(
                    "deployment", deployments.stream().flatMap(d -> d.rows().stream()).toList());
            metrics.put("summary", summary);
            JSON.writeValue(folder.resolve(ArtifactFiles.METRICS).toFile(), metrics);
            storage.publish(folder, target);
            err.println("report of " + results.size() + " networks written to " + target);
            writeTerminationLog(summary, err);
            return ExitCodes.OK;
        }
    }

    /**
     * The shipped students' float32 and int8 exports, scored on the data: of each grid the chosen
     * setting's best seed on validation, and each distilled student outside a chosen grid.
     */
    private List<StudentDeployment> deployments(
            StepStorage storage,
            List<ModelResult> results,
            List<StudentGrid> grids,
            PrintWriter err) {
        String dataUri = StepStorage.canonical(data.get());
        ImageDataset dataset = DatasetSource.load(storage, dataUri, limit);
        ScoredSplit split =
                ScoredSplit.of(
                        dataset, Double.parseDouble(ValidationSplit.DEFAULT_FRACTION), splitSeed);
        Teachers.DataFit fit =
                new Teachers.DataFit(split.images().shape(), dataset.classNames(), dataUri);
        Map<String, ModelResult> shipped = new LinkedHashMap<>();
        for (StudentGrid grid : grids) {
            grid.shipped().ifPresent(variant -> shipped.put(grid.student(), variant));
        }
        for (ModelResult result : results) {
            if (result.role() == Role.STUDENT && !StudentGrid.inChosenGrid(result.name(), grids)) {
                shipped.put(result.name(), result);
            }
        }
        List<StudentDeployment> deployments = new ArrayList<>();
        for (Map.Entry<String, ModelResult> student : shipped.entrySet()) {
            ModelResult variant = student.getValue();
            Path work = storage.newFolder("deployment");
            List<DeployedVariants.Variant> variants =
                    DeployedVariants.measure(
                            storage.fetch(variant.artifact()),
                            variant.artifact(),
                            fit,
                            split,
                            work);
            err.println(
                    "deployment of "
                            + variant.name()
                            + " scored on "
                            + split.samples().length
                            + " "
                            + split.name()
                            + " samples in float32 and int8");
            deployments.add(
                    new StudentDeployment(
                            student.getKey(), variant.name(), split.name(), variants));
        }
        return deployments;
    }

    /** The combined teachers as the soft-labels step scored them, when it was given. */
    private Optional<ModelResult> ensemble(StepStorage storage, List<ModelResult> members) {
        if (softLabels == null) {
            return Optional.empty();
        }
        String scoring =
                SoftLabelArtifact.scoringArtifact(storage, StepStorage.canonical(softLabels));
        return Optional.of(MetricsFile.readEnsemble(storage.fetch(scoring), scoring, members));
    }

    private static ModelResult read(StepStorage storage, Role role, String name, String uri) {
        String canonical = StepStorage.canonical(uri);
        if (role == Role.TEACHER) {
            Path folder = storage.fetchTeacher(canonical);
            if (TeacherContract.isImported(folder)) {
                return MetricsFile.imported(TeacherContract.read(folder), name, canonical);
            }
            return MetricsFile.read(folder, role, name, canonical);
        }
        return MetricsFile.read(storage.fetch(canonical), role, name, canonical);
    }

    private static void image(
            XYChart chart, Path folder, String file, String caption, Map<String, String> images)
            throws IOException {
        if (chart.getSeriesMap().isEmpty()) {
            return; // nothing measured to draw, such as curves of pretrained teachers only
        }
        Files.write(folder.resolve(file), BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG));
        images.put(caption, file);
    }

    private static StepSummary summary(String target, int networks, long started) {
        return new StepSummary(
                "report",
                target,
                null,
                null,
                null,
                (long) networks,
                (System.nanoTime() - started) / 1e9,
                false,
                null);
    }

    private void writeTerminationLog(StepSummary summary, PrintWriter err) {
        Path parent = terminationLog.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        try {
            Files.writeString(terminationLog, summary.toJson() + "\n", StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            err.println(
                    "(termination log " + terminationLog + " not writable; summary not written)");
        }
    }
}
