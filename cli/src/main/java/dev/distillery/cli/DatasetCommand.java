package dev.distillery.cli;

import picocli.CommandLine.Command;

/** {@code dataset}: datasets for clusters, where steps read them from object storage. */
@Command(
        name = "dataset",
        mixinStandardHelpOptions = true,
        description = "Datasets in object storage, for Distillations on a cluster.",
        subcommands = {DatasetPushCommand.class})
public final class DatasetCommand {}
