package dev.distillery.steps.data;

import dev.distillery.contract.DistilleryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Users' own images, one folder per class as in DJL's {@code ImageFolder}: either {@code
 * root/<class>/*.png} or {@code root/train/<class>/...} with an optional {@code
 * root/test/<class>/...}. Every image must have the size of the first (checked from the headers
 * when the folder is listed); grayscale images give one channel, colour three. The images stay on
 * disk and are decoded batch by batch ({@link ImageFiles}).
 */
public final class ImageFolderDataset {

    private ImageFolderDataset() {}

    /** Reads the image folders below {@code root}. */
    public static ImageDataset read(Path root) {
        Path trainRoot = Files.isDirectory(root.resolve("train")) ? root.resolve("train") : root;
        List<String> classNames = classFolders(trainRoot);
        if (classNames.isEmpty()) {
            throw DistilleryException.badInput(
                    "dataset "
                            + root
                            + " holds neither IDX files (train-images-idx3-ubyte[.gz]) nor one"
                            + " folder of images per class");
        }
        ImageFiles train = readSplit(trainRoot, classNames, null);
        Optional<LabelledImages> test = Optional.empty();
        if (trainRoot != root && Files.isDirectory(root.resolve("test"))) {
            test = Optional.of(readSplit(root.resolve("test"), classNames, train.shape()));
        }
        return new ImageDataset(root.toString(), train, test, classNames);
    }

    private static List<String> classFolders(Path root) {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw DistilleryException.badInput("dataset folder " + root + " cannot be listed", e);
        }
    }

    /**
     * The image files of {@code root}, one folder per class; every header must show {@code
     * expected} (the first image's shape when null). Headers are read, pixels are not.
     */
    private static ImageFiles readSplit(Path root, List<String> classNames, ImageShape expected) {
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        ImageShape shape = expected;
        for (int label = 0; label < classNames.size(); label++) {
            for (Path file : imageFiles(root.resolve(classNames.get(label)))) {
                ImageShape found = ImageDecoder.shapeOf(file);
                if (shape == null) {
                    shape = found;
                } else if (!shape.equals(found)) {
                    throw DistilleryException.badInput(
                            "image "
                                    + file
                                    + " is "
                                    + found
                                    + " but the dataset's images are "
                                    + shape);
                }
                files.add(file);
                labels.add(label);
            }
        }
        if (shape == null) {
            throw DistilleryException.badInput("dataset folder " + root + " holds no images");
        }
        return new ImageFiles(files, labels.stream().mapToInt(Integer::intValue).toArray(), shape);
    }

    private static List<Path> imageFiles(Path classFolder) {
        if (!Files.isDirectory(classFolder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(classFolder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches("(?i).*\\.(png|jpe?g|bmp|gif)"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
