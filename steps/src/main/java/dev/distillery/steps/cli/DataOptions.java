package dev.distillery.steps.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** Options that choose the data (where it is, how much of it) and how it is read. */
public final class DataOptions {

    @Option(
            names = "--data",
            paramLabel = "URI",
            description =
                    "Dataset folder (file://, s3:// or a path): IDX files (MNIST layout) or one"
                            + " folder per class. Default: $DISTILLERY_DATA, then"
                            + " /usr/share/datasets/fashion-mnist.")
    Optional<String> data = Optional.empty();

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "0",
            description = "Use only the first N training samples (0: all).")
    int limit;

    @Option(
            names = "--workers",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Threads that read, decode and assemble batches ahead of the engine, at most"
                            + " 2N batches ahead (0: on the engine's thread). Default:"
                            + " ${DEFAULT-VALUE}.")
    int workers;
}
