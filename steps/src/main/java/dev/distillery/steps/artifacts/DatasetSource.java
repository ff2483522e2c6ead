package dev.distillery.steps.artifacts;

import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.DatasetLoader;
import dev.distillery.steps.data.ImageDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the dataset of a step: {@code --data} if given, then {@code $DISTILLERY_DATA}, then the
 * Debian package's {@code /usr/share/datasets/fashion-mnist}, else a clear error saying how to get
 * data.
 */
public final class DatasetSource {
    /** The environment variable naming the default dataset. */
    public static final String ENV = "DISTILLERY_DATA";

    /** Where the Debian package {@code dataset-fashion-mnist} installs Fashion-MNIST. */
    public static final Path PACKAGED = Path.of("/usr/share/datasets/fashion-mnist");

    private DatasetSource() {}

    /** The URI of the dataset to use. */
    public static String resolve(Optional<String> flag, Map<String, String> env, Path packaged) {
        if (flag.isPresent() && !flag.get().isBlank()) {
            return flag.get();
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        if (Files.isDirectory(packaged)) {
            return packaged.toString();
        }
        throw DistilleryException.badInput(
                "no dataset: pass --data URI (a file:// or s3:// folder of IDX files or of one"
                        + " folder per class), set $"
                        + ENV
                        + ", or install Fashion-MNIST with 'apt-get install"
                        + " dataset-fashion-mnist'");
    }

    /**
     * Reads the dataset at {@code uri}, keeping the first {@code limit} training images. A dataset
     * with a manifest must match it (bad input naming the file otherwise).
     */
    public static ImageDataset load(StepStorage storage, String uri, int limit) {
        if (limit < 0) {
            throw DistilleryException.badInput("--limit must be 0 (all) or positive, got " + limit);
        }
        Path folder;
        try {
            // A dataset pushed with its manifest (distillery dataset push) is verified file by
            // file; one put there by other means is read as it is.
            folder = storage.isComplete(uri) ? storage.fetch(uri) : storage.fetchFiles(uri);
        } catch (DistilleryException e) {
            throw new DistilleryException(
                    e.exitCode(), "dataset " + uri + ": " + e.getMessage(), e);
        }
        return DatasetLoader.read(folder, uri).limitTraining(limit);
    }
}
