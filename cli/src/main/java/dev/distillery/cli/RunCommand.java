package dev.distillery.cli;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.Planner;
import dev.distillery.api.spec.DatasetSpec;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.StepStatus;
import dev.distillery.cli.data.LocalData;
import dev.distillery.cli.progress.LiveProgress;
import dev.distillery.cli.progress.LogProgress;
import dev.distillery.cli.progress.ProgressDisplay;
import dev.distillery.cli.results.ResultsTable;
import dev.distillery.cli.run.LocalRunner;
import dev.distillery.cli.run.ReportFiles;
import dev.distillery.cli.run.RunFingerprint;
import dev.distillery.cli.run.RunFolder;
import dev.distillery.cli.run.ShippedStudent;
import dev.distillery.cli.run.StepLauncher;
import dev.distillery.cli.run.StepOutcome;
import dev.distillery.contract.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code run}: runs a Distillation on this machine, reusing finished steps, and ends with a results
 * table, {@code distillation.yaml} and {@code report.html} in the run folder.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description =
                "Run a Distillation on this machine; rerun to resume or reuse finished steps.")
public final class RunCommand implements Callable<Integer> {
    /** What {@code -o} accepts. */
    enum Output {
        table,
        json
    }

    @Spec CommandSpec spec;
    @Mixin SpecFile specFile;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "table",
            paramLabel = "FORMAT",
            description =
                    "table: progress and a results table; json: only the resource with its status"
                            + " on stdout (progress on stderr). Default: ${DEFAULT-VALUE}")
    Output output;

    @Option(
            names = "--run-dir",
            paramLabel = "DIR",
            description = "The run folder. Default: runs/<metadata.name>")
    Path runDir;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            description =
                    "Steps run at the same time. Default: spec.parallelism, at most the cores;"
                            + " each step gets cores/N engine threads.")
    Integer parallel;

    @Option(
            names = "--data",
            paramLabel = "URI",
            description = "Where the spec's named dataset lives on this machine.")
    String data;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (parallel != null && parallel < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--parallel must be at least 1, not " + parallel);
        }
        Distillation distillation = specFile.read();
        if (data != null && distillation.getSpec().dataset().name() == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--data replaces a named dataset, but "
                            + specFile.path()
                            + " gives spec.dataset.uri: edit the spec instead");
        }
        Map<String, String> datasets =
                data != null ? Map.of(distillation.getSpec().dataset().name(), data) : Map.of();
        DatasetSpec dataset = distillation.getSpec().dataset();
        LocalData.onThisMachine()
                .ensure(
                        dataset,
                        new PlanSettings(null, datasets).dataUri(dataset),
                        data != null,
                        err);
        Path folderPath = runDir != null ? runDir : defaultRunDir(distillation);
        String fingerprint = RunFingerprint.of(distillation);
        try (RunFolder folder = RunFolder.open(folderPath, fingerprint, specFile.path())) {
            Plan plan = Planner.plan(distillation, new PlanSettings(folder.artifacts(), datasets));
            int cores = Runtime.getRuntime().availableProcessors();
            int concurrency = concurrency(distillation, cores);
            int threads = Math.max(1, cores / concurrency);
            announce(err, distillation, plan, folder, concurrency, threads);
            boolean live = output == Output.table && System.console() != null && !dumbTerminal();
            Optional<StepOutcome> failure;
            LocalRunner runner;
            try (ProgressDisplay display = live ? new LiveProgress(err) : new LogProgress(err)) {
                runner =
                        new LocalRunner(
                                distillation,
                                plan,
                                folder,
                                StepLauncher.forThisJvm(threads),
                                concurrency,
                                display);
                failure = runner.run();
            }
            DistillationStatus status = runner.distillation().getStatus();
            if (failure.isEmpty() && status.getReport() != null) {
                ReportFiles.copy(status.getReport(), folder.root());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (output == Output.json) {
                out.println(DistillationYaml.toJson(runner.distillation()));
            } else {
                out.print(ResultsTable.of(status));
                out.println();
                ResultsTable.best(status).ifPresent(out::println);
                if (failure.isEmpty() && status.getReport() != null && status.getBest() != null) {
                    ShippedStudent.read(status.getReport(), status.getBest().getName())
                            .ifPresent(shipped -> out.println(shipped.line()));
                }
                out.println("resource: " + folder.root().resolve(RunFolder.RESOURCE));
                if (failure.isEmpty()) {
                    out.println("report:   " + folder.root().resolve("report.html"));
                }
            }
            out.flush();
            err.println(ending(status, seconds));
            if (failure.isPresent()) {
                StepOutcome failed = failure.get();
                err.println(
                        "distillery run: step "
                                + failed.step()
                                + " failed: "
                                + failed.message()
                                + " (log: "
                                + folder.log(failed.step())
                                + ")");
                return failed.exitCode() != ExitCodes.OK ? failed.exitCode() : ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        }
    }

    /** {@code runs/<metadata.name>} in the working directory. */
    static Path defaultRunDir(Distillation distillation) {
        return Path.of("runs", distillation.getMetadata().getName());
    }

    private int concurrency(Distillation distillation, int cores) {
        if (parallel != null) {
            return parallel;
        }
        Integer planned = distillation.getSpec().parallelism();
        return Math.max(1, Math.min(planned != null ? planned : cores, cores));
    }

    private static boolean dumbTerminal() {
        String term = System.getenv("TERM");
        return term == null || term.equals("dumb");
    }

    private void announce(
            PrintWriter err,
            Distillation distillation,
            Plan plan,
            RunFolder folder,
            int concurrency,
            int threads) {
        err.println(
                "distillery run "
                        + distillation.getMetadata().getName()
                        + ": "
                        + plan.steps().size()
                        + " steps, "
                        + plan.variants().size()
                        + " student variants; run folder "
                        + folder.root()
                        + "; up to "
                        + concurrency
                        + " step(s) at a time with "
                        + threads
                        + " engine thread(s) each");
        String previous = folder.previousState();
        if ("running".equals(previous) || "interrupted".equals(previous)) {
            err.println(
                    "resuming the interrupted run: finished steps are reused, training resumes"
                            + " from the last epoch checkpoint");
        } else if ("failed".equals(previous)) {
            err.println("the last run in this folder failed: trying again, finished steps reused");
        }
        err.flush();
    }

    private static String ending(DistillationStatus status, double seconds) {
        List<StepStatus> steps = status.getSteps() != null ? status.getSteps() : List.of();
        long reused = steps.stream().filter(s -> Boolean.TRUE.equals(s.getReused())).count();
        String verdict =
                reused == steps.size() && !steps.isEmpty()
                        ? "all " + steps.size() + " steps reused from storage, nothing ran"
                        : reused + " of " + steps.size() + " steps reused";
        String phase = status.getPhase() != null ? status.getPhase().name() : "UNKNOWN";
        return String.format(
                Locale.ROOT,
                "%s%s: %s, %.1f s",
                phase.charAt(0),
                phase.substring(1).toLowerCase(Locale.ROOT),
                verdict,
                seconds);
    }
}
