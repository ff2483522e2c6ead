package dev.distillery.cli;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.plan.Planner;
import dev.distillery.contract.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plan}: prints the steps a spec runs, what each waits for, and its output. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = "Print the steps (the DAG) a Distillation spec runs, without running them.")
public final class PlanCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin SpecFile specFile;

    @Option(
            names = "--run-dir",
            paramLabel = "DIR",
            description = "The run folder whose artifacts a spec without storage uses.")
    Path runDir;

    @Option(names = "--args", description = "Also print each step's distillery-step arguments.")
    boolean args;

    @Override
    public Integer call() {
        Distillation distillation = specFile.read();
        Path folder = runDir != null ? runDir : RunCommand.defaultRunDir(distillation);
        String storage =
                folder.toAbsolutePath().normalize().resolve("artifacts").toUri().toString();
        Plan plan = Planner.plan(distillation, PlanSettings.withDefaultStorage(storage));
        PrintWriter out = spec.commandLine().getOut();
        int width = plan.steps().stream().mapToInt(s -> s.name().length()).max().orElse(0);
        for (PlannedStep step : plan.steps()) {
            out.printf(
                    "%-" + width + "s  %-11s  after: %s%n",
                    step.name(),
                    step.stage().label(),
                    step.dependsOn().isEmpty() ? "-" : String.join(", ", step.dependsOn()));
            out.println(
                    " ".repeat(width + 2)
                            + "output: "
                            + step.output()
                            + (step.shards() > 1 ? " (" + step.shards() + " shards)" : ""));
            if (args) {
                out.println(
                        " ".repeat(width + 2) + "distillery-step " + String.join(" ", step.args()));
            }
        }
        return ExitCodes.OK;
    }
}
