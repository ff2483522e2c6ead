package dev.distillery.cli;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure of a {@code distillery} command into its exit code and its message on stderr: the
 * message of a {@link DistilleryException}, or the exception itself for a bug; the stack trace only
 * with {@code DISTILLERY_VERBOSE=true}.
 */
final class FailureHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        DistilleryException known = find(e);
        if (known != null) {
            err.println("distillery " + command.getCommandName() + ": " + known.getMessage());
        } else {
            err.println("distillery " + command.getCommandName() + " failed unexpectedly: " + e);
        }
        if ("true".equalsIgnoreCase(System.getenv("DISTILLERY_VERBOSE"))) {
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
