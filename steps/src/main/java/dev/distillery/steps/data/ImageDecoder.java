package dev.distillery.steps.data;

import dev.distillery.contract.DistilleryException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads image files (PNG, JPEG, BMP, GIF) as raw 8-bit pixels, channels first: grayscale images as
 * one channel with their stored values, colour images as red, green and blue.
 */
final class ImageDecoder {

    private ImageDecoder() {}

    /** The shape of the image in {@code file}, from its header alone (nothing is decoded). */
    static ImageShape shapeOf(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw DistilleryException.badInput("image " + file + " is not a readable image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                ImageTypeSpecifier type = reader.getRawImageType(0);
                if (type == null) {
                    type = reader.getImageTypes(0).next();
                }
                boolean gray = type.getColorModel().getNumColorComponents() == 1;
                return new ImageShape(gray ? 1 : 3, reader.getHeight(0), reader.getWidth(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DistilleryException known) {
                throw known;
            }
            throw DistilleryException.badInput("image " + file + " cannot be read: " + e, e);
        }
    }

    /**
     * Decodes {@code file}, which must have {@code shape}, into {@code into} from {@code offset}.
     */
    static void read(Path file, ImageShape shape, byte[] into, int offset) {
        BufferedImage image = decode(file);
        ImageShape found = shapeOf(image);
        if (!found.equals(shape)) {
            throw DistilleryException.badInput(
                    "image " + file + " is " + found + " but the dataset's images are " + shape);
        }
        pixels(image, shape, into, offset);
    }

    private static BufferedImage decode(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw DistilleryException.badInput("image " + file + " is not a readable image");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DistilleryException known) {
                throw known;
            }
            throw DistilleryException.badInput("image " + file + " cannot be read: " + e, e);
        }
    }

    private static ImageShape shapeOf(BufferedImage image) {
        boolean gray = image.getColorModel().getNumColorComponents() == 1;
        return new ImageShape(gray ? 1 : 3, image.getHeight(), image.getWidth());
    }

    private static void pixels(BufferedImage image, ImageShape shape, byte[] out, int offset) {
        int h = shape.height();
        int w = shape.width();
        int plane = h * w;
        Raster raster = image.getRaster();
        if (shape.channels() == 1 && raster.getNumBands() == 1) {
            // Stored gray values as they are: getRGB would pass them through a colour conversion.
            int bits = image.getColorModel().getComponentSize(0);
            int k = offset;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int value = raster.getSample(x, y, 0);
                    out[k++] = (byte) (bits > 8 ? value >> (bits - 8) : value << (8 - bits));
                }
            }
            return;
        }
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && shape.channels() == 3) {
            // The common decoded layout of PNG and JPEG: interleaved B, G, R bytes.
            byte[] bgr = ((DataBufferByte) raster.getDataBuffer()).getData();
            for (int i = 0; i < plane; i++) {
                out[offset + i] = bgr[3 * i + 2];
                out[offset + plane + i] = bgr[3 * i + 1];
                out[offset + 2 * plane + i] = bgr[3 * i];
            }
            return;
        }
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int c = 0; c < shape.channels(); c++) {
            int shift = shape.channels() == 1 ? 0 : 16 - 8 * c;
            for (int i = 0; i < plane; i++) {
                out[offset + c * plane + i] = (byte) ((rgb[i] >> shift) & 0xff);
            }
        }
    }
}
