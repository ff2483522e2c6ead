package dev.distillery.steps.data;

import dev.distillery.contract.DistilleryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The MNIST / Fashion-MNIST layout: {@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte} and optionally the {@code t10k-} pair, each plain or {@code .gz}, in one
 * folder.
 */
public final class IdxDataset {
    private static final List<String> FASHION_CLASSES =
            List.of(
                    "T-shirt/top",
                    "Trouser",
                    "Pullover",
                    "Dress",
                    "Coat",
                    "Sandal",
                    "Shirt",
                    "Sneaker",
                    "Bag",
                    "Ankle boot");

    private IdxDataset() {}

    /** Whether {@code folder} holds an IDX training pair. */
    public static boolean isIn(Path folder) {
        return find(folder, "train-images-idx3-ubyte").isPresent();
    }

    /** Reads the IDX dataset in {@code folder}. */
    public static ImageDataset read(Path folder) {
        return read(folder, folder.toString());
    }

    /**
     * Reads the IDX dataset in {@code folder}, fetched from {@code source}; a source whose name
     * says Fashion-MNIST gets that dataset's class names.
     */
    public static ImageDataset read(Path folder, String source) {
        LabelledImages train = pair(folder, "train");
        Optional<LabelledImages> test = Optional.empty();
        if (find(folder, "t10k-images-idx3-ubyte").isPresent()) {
            test = Optional.of(pair(folder, "t10k"));
        }
        int classes = maxLabel(train) + 1;
        if (test.isPresent()) {
            classes = Math.max(classes, maxLabel(test.get()) + 1);
        }
        return new ImageDataset(source, train, test, classNames(source, classes));
    }

    private static LabelledImages pair(Path folder, String split) {
        Path imagesFile = require(folder, split + "-images-idx3-ubyte");
        IdxReader.IdxImages images = IdxReader.readImages(imagesFile);
        Path labelsFile = require(folder, split + "-labels-idx1-ubyte");
        int[] labels = IdxReader.readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw DistilleryException.badInput(
                    "IDX files do not match: "
                            + imagesFile
                            + " holds "
                            + images.count()
                            + " images but "
                            + labelsFile
                            + " holds "
                            + labels.length
                            + " labels");
        }
        return new ImagesInMemory(images.pixels(), labels, images.shape());
    }

    private static int maxLabel(LabelledImages images) {
        int max = 0;
        for (int label : images.labels()) {
            max = Math.max(max, label);
        }
        return max;
    }

    private static List<String> classNames(String source, int classes) {
        if (classes == FASHION_CLASSES.size()
                && source.toLowerCase(Locale.ROOT).contains("fashion")) {
            return FASHION_CLASSES;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    private static Path require(Path folder, String stem) {
        return find(folder, stem)
                .orElseThrow(
                        () ->
                                DistilleryException.badInput(
                                        "IDX file "
                                                + folder.resolve(stem + ".gz")
                                                + " (or without .gz) does not exist"));
    }

    private static Optional<Path> find(Path folder, String stem) {
        for (String name : List.of(stem + ".gz", stem)) {
            Path candidate = folder.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
