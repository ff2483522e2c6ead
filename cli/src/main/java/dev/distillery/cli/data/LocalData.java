package dev.distillery.cli.data;

import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.spec.DatasetSpec;
import dev.distillery.contract.DistilleryException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Makes sure the data a spec reads on this machine is there before {@code distillery run} starts
 * any step: a named dataset missing from its default folder is installed from its Debian package
 * when this process can install packages; anything else missing stops the run with one message
 * saying exactly what to run or pass.
 */
public final class LocalData {
    private final String datasetRoot;
    private final AptPackages apt;

    /**
     * @param datasetRoot where named datasets live by default ({@link PlanSettings#DATASET_ROOT})
     * @param apt how packages are installed here
     */
    public LocalData(String datasetRoot, AptPackages apt) {
        this.datasetRoot = datasetRoot.endsWith("/") ? datasetRoot : datasetRoot + "/";
        this.apt = apt;
    }

    /** The checks of this machine: Debian's dataset folders, its {@code apt-get}. */
    public static LocalData onThisMachine() {
        return new LocalData(PlanSettings.DATASET_ROOT, AptPackages.onThisMachine());
    }

    /**
     * Checks that {@code uri}, where the steps will read {@code dataset}, is there ({@code
     * fromFlag}: it was given with {@code --data}). Only local folders are checked; an {@code
     * s3://} dataset is the steps' to read.
     */
    public void ensure(DatasetSpec dataset, String uri, boolean fromFlag, PrintWriter err) {
        Optional<Path> folder = localFolder(uri);
        if (folder.isEmpty() || Files.isDirectory(folder.get())) {
            return;
        }
        Path missing = folder.get();
        if (fromFlag) {
            throw DistilleryException.badInput(
                    "--data "
                            + uri
                            + ": no folder at "
                            + missing
                            + "; pass the folder holding the dataset's IDX files (or one folder"
                            + " per class), or leave --data out to use "
                            + datasetRoot
                            + dataset.name());
        }
        if (dataset.name() == null) {
            throw DistilleryException.badInput(
                    "spec.dataset.uri " + uri + ": no folder at " + missing);
        }
        Optional<DebianDataset> packaged = DebianDataset.named(dataset.name());
        boolean packageFolder = uri.equals(datasetRoot + dataset.name());
        if (packaged.isPresent() && packageFolder && apt.canInstall()) {
            install(packaged.get(), missing, err);
            return;
        }
        String how =
                packaged.isPresent() && packageFolder
                        ? "install it with '"
                                + apt.installCommand(packaged.get().packageName())
                                + "', or pass --data DIR (a folder with its IDX files)"
                        : "pass --data DIR (a folder with its IDX files)";
        throw DistilleryException.badInput(
                "dataset "
                        + dataset.name()
                        + " is not on this machine (no folder at "
                        + missing
                        + "): "
                        + how
                        + "; no step was started");
    }

    private void install(DebianDataset dataset, Path folder, PrintWriter err) {
        err.println(
                "dataset "
                        + dataset.name()
                        + " is not on this machine (no folder at "
                        + folder
                        + "): installing Debian's "
                        + dataset.packageName());
        err.flush();
        apt.install(dataset.packageName(), err);
        if (!Files.isDirectory(folder)) {
            throw DistilleryException.badInput(
                    "installed "
                            + dataset.packageName()
                            + ", but "
                            + folder
                            + " is still missing; pass --data DIR (a folder with the dataset's IDX"
                            + " files)");
        }
        err.println("dataset " + dataset.name() + " installed at " + folder);
        err.flush();
    }

    private static Optional<Path> localFolder(String uri) {
        if (uri.startsWith("file:")) {
            return Optional.of(Path.of(URI.create(uri)));
        }
        if (!uri.contains("://")) {
            return Optional.of(Path.of(uri));
        }
        return Optional.empty();
    }
}
