package dev.distillery.cli;

import dev.distillery.cli.cluster.DeleteCommand;
import dev.distillery.cli.cluster.DescribeCommand;
import dev.distillery.cli.cluster.GetCommand;
import dev.distillery.cli.cluster.LogsCommand;
import dev.distillery.cli.cluster.ReportCommand;
import dev.distillery.cli.cluster.SubmitCommand;
import dev.distillery.contract.FailureHandler;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code distillery}: runs a Distillation on this machine ({@code run}), checks a spec ({@code
 * validate}), prints its plan ({@code plan}), uploads datasets for clusters ({@code dataset push}),
 * and works with Distillations on a cluster ({@code submit}, {@code get}, {@code describe}, {@code
 * delete}, {@code logs}, {@code report}; also as {@code kubectl distillery}), with exit codes from
 * {@link dev.distillery.contract.ExitCodes}.
 */
@Command(
        name = "distillery",
        mixinStandardHelpOptions = true,
        version = "distillery 0.1.0",
        description =
                "Knowledge distillation: run a Distillation spec on this machine, or submit it to"
                        + " a cluster and follow it.",
        subcommands = {
            RunCommand.class,
            ValidateCommand.class,
            PlanCommand.class,
            DatasetCommand.class,
            SubmitCommand.class,
            GetCommand.class,
            DescribeCommand.class,
            DeleteCommand.class,
            LogsCommand.class,
            ReportCommand.class,
            AutoComplete.GenerateCompletion.class
        })
public final class Distillery {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its failure handler, for {@code main} and for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Distillery()).setExecutionExceptionHandler(new FailureHandler());
    }
}
