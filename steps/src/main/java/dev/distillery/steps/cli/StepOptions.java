package dev.distillery.steps.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options every step shares: where the one-line summary and the log go, and how much to say on
 * failure.
 */
public final class StepOptions {

    @Mixin LogOption log;

    @Option(
            names = "--termination-log",
            paramLabel = "PATH",
            defaultValue = "/dev/termination-log",
            description =
                    "File for the one-line JSON summary (the container's termination message);"
                            + " skipped if not writable. Default: ${DEFAULT-VALUE}")
    Path terminationLog;

    @Option(
            names = {"-v", "--verbose"},
            description = "Print stack traces of failures (also: DISTILLERY_VERBOSE=true).")
    boolean verbose;
}
