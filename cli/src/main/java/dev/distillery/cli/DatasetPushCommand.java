package dev.distillery.cli;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import dev.distillery.steps.data.DatasetLoader;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ArtifactStores;
import dev.distillery.store.Manifest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dataset push NAME URI}: uploads a dataset (by default Debian's copy of a well-known one)
 * to object storage with a manifest, so Distillations on a cluster name it with {@code
 * spec.dataset.uri} and steps verify every file they download.
 */
@Command(
        name = "push",
        mixinStandardHelpOptions = true,
        description = {
            "Upload a dataset to object storage (S3 settings from AWS_* variables) with a manifest"
                    + " of every file's sha256, for spec.dataset.uri on a cluster.",
            "Example: distillery dataset push fashion-mnist s3://datasets/fashion-mnist"
        })
public final class DatasetPushCommand implements Callable<Integer> {

    /** Where Debian's dataset packages install, one folder per dataset. */
    static final Path PACKAGED = Path.of("/usr/share/datasets");

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The dataset, e.g. fashion-mnist.")
    String name;

    @Parameters(index = "1", paramLabel = "URI", description = "Where to put it: s3:// or file://.")
    String uri;

    @Option(
            names = "--from",
            paramLabel = "DIR",
            description =
                    "The dataset's folder: IDX files or one folder per class. Default:"
                            + " /usr/share/datasets/NAME (apt-get install dataset-NAME).")
    Path from;

    @Override
    public Integer call() {
        Path folder = from != null ? from : PACKAGED.resolve(name);
        if (!Files.isDirectory(folder)) {
            throw DistilleryException.badInput(
                    "no dataset "
                            + name
                            + " in "
                            + folder
                            + ": pass --from DIR"
                            + (from == null ? " or apt-get install dataset-" + name : ""));
        }
        // Read it first: what goes up must be a dataset the steps can load.
        ImageDataset dataset = DatasetLoader.read(folder, name);
        Manifest manifest;
        try (ArtifactStore store = ArtifactStores.open(uri)) {
            manifest = store.publish(folder, uri);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "pushed %s to %s: %d files, %.1f MB, %,d training and %,d test images, %d"
                        + " classes%n",
                name,
                uri,
                manifest.files().size(),
                manifest.totalSize() / 1e6,
                dataset.train().count(),
                dataset.test().map(t -> t.count()).orElse(0),
                dataset.classes());
        out.printf("use it in a Distillation: spec.dataset.uri: %s%n", uri);
        return ExitCodes.OK;
    }
}
