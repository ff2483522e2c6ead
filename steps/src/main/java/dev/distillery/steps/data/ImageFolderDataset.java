package dev.distillery.steps.data;

import dev.distillery.contract.DistilleryException;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Users' own images, one folder per class as in DJL's {@code ImageFolder}: either {@code
 * root/<class>/*.png} or {@code root/train/<class>/...} with an optional {@code
 * root/test/<class>/...}. Every image must have the size of the first; grayscale images give one
 * channel, colour three.
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
        LabelledImages train = readSplit(trainRoot, classNames, null);
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

    private static LabelledImages readSplit(
            Path root, List<String> classNames, ImageShape expected) {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        List<Integer> labels = new ArrayList<>();
        ImageShape shape = expected;
        for (int label = 0; label < classNames.size(); label++) {
            for (Path file : imageFiles(root.resolve(classNames.get(label)))) {
                BufferedImage image = decode(file);
                ImageShape found = shapeOf(image);
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
                appendPixels(image, shape, pixels);
                labels.add(label);
            }
        }
        if (shape == null) {
            throw DistilleryException.badInput("dataset folder " + root + " holds no images");
        }
        int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
        return new LabelledImages(pixels.toByteArray(), labelArray, shape);
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

    private static BufferedImage decode(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw DistilleryException.badInput("image " + file + " is not a readable image");
            }
            return image;
        } catch (IOException e) {
            throw DistilleryException.badInput("image " + file + " cannot be read", e);
        }
    }

    private static ImageShape shapeOf(BufferedImage image) {
        boolean gray = image.getColorModel().getNumColorComponents() == 1;
        return new ImageShape(gray ? 1 : 3, image.getHeight(), image.getWidth());
    }

    private static void appendPixels(
            BufferedImage image, ImageShape shape, ByteArrayOutputStream out) {
        int h = shape.height();
        int w = shape.width();
        Raster raster = image.getRaster();
        if (shape.channels() == 1 && raster.getNumBands() == 1) {
            // Stored gray values as they are: getRGB would pass them through a colour conversion.
            int bits = image.getColorModel().getComponentSize(0);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int value = raster.getSample(x, y, 0);
                    out.write(bits > 8 ? value >> (bits - 8) : value << (8 - bits));
                }
            }
            return;
        }
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int c = 0; c < shape.channels(); c++) {
            int shift = shape.channels() == 1 ? 0 : 16 - 8 * c;
            for (int i = 0; i < h * w; i++) {
                out.write((rgb[i] >> shift) & 0xff);
            }
        }
    }
}
