package dev.distillery.steps.data;

import dev.distillery.contract.DistilleryException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST, gzip-compressed or plain: images (magic 2051,
 * then big-endian count, rows, columns) and labels (magic 2049, then big-endian count). Every
 * corruption is bad input naming the file.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 2051;
    static final int LABELS_MAGIC = 2049;
    // The largest Java array, a little under 2 GiB.
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;
    private static final int FIRST_CHUNK = 16 << 20;

    private IdxReader() {}

    /** Grayscale images of an IDX image file, as {@code count x 1 x rows x columns} pixels. */
    public static IdxImages readImages(Path file) {
        try (DataInputStream in = open(file)) {
            expectMagic(file, in.readInt(), IMAGES_MAGIC, "image");
            int count = in.readInt();
            int rows = in.readInt();
            int columns = in.readInt();
            if (count < 0 || rows <= 0 || columns <= 0) {
                throw DistilleryException.badInput(
                        "IDX image file "
                                + file
                                + " has an impossible header: "
                                + count
                                + " images of "
                                + rows
                                + "x"
                                + columns);
            }
            long total = (long) count * rows * columns;
            String promised = count + " images of " + rows + "x" + columns;
            if (total > MAX_BYTES) {
                throw DistilleryException.badInput(
                        "IDX image file "
                                + file
                                + " has a header promising "
                                + promised
                                + " ("
                                + total
                                + " bytes), more than one in-memory IDX dataset holds ("
                                + MAX_BYTES
                                + "): store such data as an image folder");
            }
            byte[] pixels = readFully(file, in, (int) total, promised);
            expectEnd(file, in);
            return new IdxImages(pixels, count, new ImageShape(1, rows, columns));
        } catch (EOFException e) {
            throw truncated(file, "its header");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** The labels of an IDX label file. */
    public static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            expectMagic(file, in.readInt(), LABELS_MAGIC, "label");
            int count = in.readInt();
            if (count < 0) {
                throw DistilleryException.badInput(
                        "IDX label file " + file + " has a negative label count: " + count);
            }
            byte[] raw = readFully(file, in, count, count + " labels");
            expectEnd(file, in);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xff;
            }
            return labels;
        } catch (EOFException e) {
            throw truncated(file, "its header");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw DistilleryException.badInput("IDX file " + file + " does not exist");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int first = raw.read();
        int second = raw.read();
        raw.reset();
        boolean gzip = first == 0x1f && second == 0x8b;
        return new DataInputStream(
                gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw);
    }

    private static void expectMagic(Path file, int magic, int expected, String kind) {
        if (magic != expected) {
            throw DistilleryException.badInput(
                    "IDX "
                            + kind
                            + " file "
                            + file
                            + " has magic number "
                            + magic
                            + ", expected "
                            + expected);
        }
    }

    /**
     * Reads the {@code length} bytes a header promises, growing the array as they arrive, so a
     * header that lies allocates no more than about twice the bytes the file holds.
     */
    private static byte[] readFully(Path file, DataInputStream in, int length, String what)
            throws IOException {
        byte[] into = new byte[Math.min(length, FIRST_CHUNK)];
        int read = 0;
        while (read < length) {
            if (read == into.length) {
                into = Arrays.copyOf(into, (int) Math.min(length, 2L * into.length));
            }
            int n;
            try {
                n = in.read(into, read, into.length - read);
            } catch (EOFException | ZipException e) {
                n = -1;
            }
            if (n < 0) {
                throw truncated(
                        file,
                        "the data: its header promises " + what + ", found " + read + " bytes");
            }
            read += n;
        }
        return into;
    }

    private static void expectEnd(Path file, DataInputStream in) throws IOException {
        try {
            if (in.read() >= 0) {
                throw DistilleryException.badInput(
                        "IDX file " + file + " has bytes after the data its header promises");
            }
        } catch (EOFException | ZipException e) {
            // a truncated gzip trailer after complete data: the data itself is whole
        }
    }

    private static DistilleryException truncated(Path file, String where) {
        return DistilleryException.badInput("IDX file " + file + " is truncated in " + where);
    }

    private static DistilleryException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return DistilleryException.badInput("IDX file " + file + " does not exist", e);
        }
        return DistilleryException.badInput(
                "IDX file " + file + " cannot be read: " + e.getMessage(), e);
    }

    /** The pixels of an IDX image file with their count and shape. */
    public record IdxImages(byte[] pixels, int count, ImageShape shape) {}
}
