package dev.distillery.cli;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.Planner;
import dev.distillery.contract.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code validate}: checks a spec and lists every problem with its field path. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Check a Distillation spec; list every problem with its field path.")
public final class ValidateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin SpecFile specFile;

    @Override
    public Integer call() {
        Distillation distillation = specFile.read();
        Plan plan = Planner.plan(distillation, PlanSettings.withDefaultStorage("file:///local"));
        spec.commandLine()
                .getOut()
                .println(
                        specFile.path()
                                + ": valid Distillation "
                                + distillation.getMetadata().getName()
                                + " ("
                                + plan.steps().size()
                                + " steps, "
                                + plan.variants().size()
                                + " student variants, "
                                + plan.baselines().values().stream().distinct().count()
                                + " baselines)");
        return ExitCodes.OK;
    }
}
