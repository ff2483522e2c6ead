package dev.distillery.steps.cli;

import picocli.CommandLine.Option;

/**
 * Where a step stores its log ({@code --log URI}): read by {@link LoggedExecution} before the step
 * runs, so every step that takes it logs the same way.
 */
public final class LogOption {
    /** The option's name; the runners compute its value (beside the step's artifact). */
    public static final String NAME = "--log";

    @Option(
            names = NAME,
            paramLabel = "URI",
            description =
                    "Store this run's stdout and stderr at URI (file:// or s3://), below the logs"
                            + " of earlier attempts found there.")
    String uri;
}
