package dev.distillery.steps.cli;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure of a step into its exit code and one line on stderr: the message of a {@link
 * DistilleryException}, or the exception itself for a bug; the stack trace only with {@code
 * --verbose} or {@code DISTILLERY_VERBOSE=true}.
 */
final class FailureHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        boolean verbose =
                "true".equalsIgnoreCase(System.getenv("DISTILLERY_VERBOSE"))
                        || parsed.hasMatchedOption("--verbose")
                        || (parsed.subcommand() != null
                                && parsed.subcommand().hasMatchedOption("--verbose"));
        DistilleryException known = find(e);
        if (known != null) {
            err.println("distillery-step " + command.getCommandName() + ": " + known.getMessage());
        } else {
            err.println(
                    "distillery-step " + command.getCommandName() + " failed unexpectedly: " + e);
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return known != null ? known.exitCode() : ExitCodes.FAILURE;
    }

    private static DistilleryException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DistilleryException d) {
                return d;
            }
        }
        return null;
    }
}
