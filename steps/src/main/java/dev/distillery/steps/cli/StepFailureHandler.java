package dev.distillery.steps.cli;

import dev.distillery.contract.FailureHandler;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * A failed step says why where Kubernetes looks: {@link FailureHandler}'s one line on stderr and,
 * the same line, as the container's termination message ({@code --termination-log}). Without it a
 * failed pod's message is the tail of its log (the pod's {@code FallbackToLogsOnError}), which the
 * Distillation's status cuts to its first few hundred characters, before the line that matters.
 */
final class StepFailureHandler implements IExecutionExceptionHandler {

    private final FailureHandler stderr = new FailureHandler();

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed)
            throws Exception {
        int exitCode = stderr.handleExecutionException(e, command, parsed);
        OptionSpec terminationLog = command.getCommandSpec().findOption("--termination-log");
        if (terminationLog != null && terminationLog.getValue() instanceof Path file) {
            StepReport.writeTerminationLog(FailureHandler.line(e, command), file, command.getErr());
        }
        return exitCode;
    }
}
