package dev.distillery.steps.data;

import dev.distillery.contract.DistilleryException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a dataset from a local folder, recognising its layout: IDX files or image folders. */
public final class DatasetLoader {

    private DatasetLoader() {}

    /** The dataset in {@code folder}. */
    public static ImageDataset read(Path folder) {
        return read(folder, folder.toString());
    }

    /** The dataset in {@code folder}, fetched from {@code source} (a URI, for names). */
    public static ImageDataset read(Path folder, String source) {
        if (!Files.isDirectory(folder)) {
            throw DistilleryException.badInput("dataset folder " + folder + " does not exist");
        }
        return IdxDataset.isIn(folder)
                ? IdxDataset.read(folder, source)
                : ImageFolderDataset.read(folder);
    }
}
