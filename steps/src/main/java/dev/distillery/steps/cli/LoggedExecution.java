package dev.distillery.steps.cli;

import dev.distillery.steps.log.StoredLog;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;

/**
 * Runs the chosen step as picocli would, inside its {@link StoredLog} when it was given {@link
 * LogOption#NAME}: what it prints, its failure line included, is stored beside its artifact.
 */
final class LoggedExecution implements IExecutionStrategy {

    @Override
    public int execute(ParseResult parsed) {
        List<CommandLine> chosen = parsed.asCommandLineList();
        CommandLine leaf = chosen.get(chosen.size() - 1);
        OptionSpec option = leaf.getCommandSpec().findOption(LogOption.NAME);
        String uri = option == null ? null : option.getValue();
        if (uri == null) {
            return new RunLast().execute(parsed);
        }
        CommandLine top = parsed.commandSpec().commandLine();
        PrintWriter out = top.getOut();
        PrintWriter err = top.getErr();
        StoredLog log;
        try {
            log = StoredLog.start(uri, parsed.originalArgs(), System.getenv());
        } catch (RuntimeException e) {
            err.println("(log not stored at " + uri + ": " + e.getMessage() + ")");
            return new RunLast().execute(parsed);
        }
        try (log) {
            top.setOut(log.tee(out));
            top.setErr(log.tee(err));
            try {
                return new RunLast().execute(parsed);
            } catch (ExecutionException e) {
                // Handled here, not by picocli after this returns, so the failure line is logged.
                Exception cause = e.getCause() instanceof Exception c ? c : e;
                try {
                    return top.getExecutionExceptionHandler()
                            .handleExecutionException(cause, e.getCommandLine(), parsed);
                } catch (Exception unhandled) {
                    throw new ExecutionException(e.getCommandLine(), e.getMessage(), unhandled);
                }
            }
        } finally {
            top.setOut(out);
            top.setErr(err);
        }
    }
}
