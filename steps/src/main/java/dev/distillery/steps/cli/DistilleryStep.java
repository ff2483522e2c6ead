package dev.distillery.steps.cli;

import dev.distillery.steps.report.ReportCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code distillery-step}: the container entrypoint of every Distillery step ({@code train}, {@code
 * soft-labels}, {@code evaluate}), with exit codes from {@link dev.distillery.contract.ExitCodes}
 * and, given {@code --log URI}, its output stored there ({@link LoggedExecution}).
 */
@Command(
        name = "distillery-step",
        mixinStandardHelpOptions = true,
        version = "distillery-step 0.1.0",
        description = "Knowledge-distillation steps on DJL.",
        subcommands = {
            TrainCommand.class,
            SoftLabelsCommand.class,
            EvaluateCommand.class,
            ExportCommand.class,
            OnlineCommand.class,
            PackedCommand.class,
            ReportCommand.class,
            EngineCommand.class
        })
public final class DistilleryStep {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its failure handler, for {@code main} and for tests. */
    public static CommandLine commandLine() {
        EngineThreads.configure();
        return new CommandLine(new DistilleryStep())
                .setExecutionStrategy(new LoggedExecution())
                .setExecutionExceptionHandler(new StepFailureHandler());
    }
}
