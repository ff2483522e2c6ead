package dev.distillery.contract;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure of any Distillery command ({@code distillery}, {@code distillery-step}, the
 * operator) into its exit code and one line on stderr: {@code <root> <command>: <message>} for a
 * {@link DistilleryException} anywhere in the cause chain, the exception itself for a bug. The
 * stack trace is printed only with {@code --verbose} or {@code DISTILLERY_VERBOSE=true}.
 */
public final class FailureHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        DistilleryException known = find(e);
        err.println(line(e, command));
        if (verbose(parsed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return known != null ? known.exitCode() : ExitCodes.FAILURE;
    }

    /** The one line a failure of {@code command} prints: what failed, and where. */
    public static String line(Exception e, CommandLine command) {
        String name = command.getCommandSpec().root().name() + " " + command.getCommandName();
        DistilleryException known = find(e);
        return known != null
                ? name + ": " + known.getMessage()
                : name + " failed unexpectedly: " + e;
    }

    private static boolean verbose(ParseResult parsed) {
        if ("true".equalsIgnoreCase(System.getenv("DISTILLERY_VERBOSE"))) {
            return true;
        }
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
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
