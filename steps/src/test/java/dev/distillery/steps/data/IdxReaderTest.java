package dev.distillery.steps.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir Path dir;

    @Test
    void readsPlainAndGzipImagesAndLabels() throws IOException {
        byte[] pixels = new byte[3 * 2 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 20);
        }
        write(dir.resolve("train-images-idx3-ubyte.gz"), images(2051, 3, 2, 2, pixels), true);
        write(dir.resolve("train-labels-idx1-ubyte"), labels(2049, 3, new byte[] {7, 0, 2}), false);

        ImageDataset data = DatasetLoader.read(dir);

        assertThat(data.train().count()).isEqualTo(3);
        assertThat(data.shape()).isEqualTo(new ImageShape(1, 2, 2));
        assertThat(data.train().labels()).containsExactly(7, 0, 2);
        assertThat(data.train().pixel(2, 0, 1, 1)).isEqualTo(11 * 20);
        assertThat(data.classes()).isEqualTo(8);
        assertThat(data.test()).isEmpty();
    }

    @Test
    void wrongMagicNamesTheFile() throws IOException {
        Path file = dir.resolve("images");
        write(file, images(2049, 1, 2, 2, new byte[4]), false);
        assertBadInput(
                () -> IdxReader.readImages(file), file + " has magic number 2049, expected 2051");
    }

    @Test
    void truncatedImagesNameTheFile() throws IOException {
        Path file = dir.resolve("images.gz");
        byte[] whole = images(2051, 3, 2, 2, new byte[12]);
        write(file, Arrays.copyOf(whole, whole.length - 5), true);
        assertBadInput(() -> IdxReader.readImages(file), file + " is truncated");
    }

    @Test
    void truncatedGzipStreamIsTruncated() throws IOException {
        Path full = dir.resolve("full.gz");
        write(full, images(2051, 50, 4, 4, new byte[800]), true);
        byte[] gz = Files.readAllBytes(full);
        Path file = dir.resolve("cut.gz");
        Files.write(file, Arrays.copyOf(gz, gz.length / 2));
        assertBadInput(() -> IdxReader.readImages(file), file + " is truncated");
    }

    @Test
    void truncatedHeaderNamesTheFile() throws IOException {
        Path file = dir.resolve("labels");
        Files.write(file, new byte[] {0, 0, 8, 1, 0});
        assertBadInput(() -> IdxReader.readLabels(file), file + " is truncated in its header");
    }

    @Test
    void truncatedLabelsNameTheFile() throws IOException {
        Path file = dir.resolve("labels");
        write(file, Arrays.copyOf(labels(2049, 10, new byte[10]), 12), false);
        assertBadInput(() -> IdxReader.readLabels(file), file + " is truncated");
    }

    @Test
    void imageAndLabelCountMismatchNamesBothFiles() throws IOException {
        write(dir.resolve("train-images-idx3-ubyte"), images(2051, 3, 2, 2, new byte[12]), false);
        write(dir.resolve("train-labels-idx1-ubyte"), labels(2049, 2, new byte[2]), false);
        assertBadInput(
                () -> DatasetLoader.read(dir),
                "holds 3 images but " + dir.resolve("train-labels-idx1-ubyte") + " holds 2 labels");
    }

    @Test
    void missingFileIsBadInput() {
        Path file = dir.resolve("nothing-here");
        assertBadInput(() -> IdxReader.readImages(file), file + " does not exist");
        write(dir.resolve("train-images-idx3-ubyte"), images(2051, 1, 1, 1, new byte[1]), false);
        assertBadInput(() -> DatasetLoader.read(dir), "train-labels-idx1-ubyte");
    }

    @Test
    void trailingBytesAreBadInput() throws IOException {
        Path file = dir.resolve("labels");
        byte[] whole = labels(2049, 2, new byte[] {1, 2});
        write(file, Arrays.copyOf(whole, whole.length + 3), false);
        assertBadInput(() -> IdxReader.readLabels(file), "bytes after the data");
    }

    @Test
    void headersWhoseSizeOverflowsAreBadInput() throws IOException {
        Path square = dir.resolve("square");
        // 46341 x 46341 overflows an int to a negative pixel count.
        write(square, images(2051, 1, 46341, 46341, new byte[16]), false);
        assertBadInput(() -> IdxReader.readImages(square), square + " has a header promising");
        Path many = dir.resolve("many.gz");
        // 3,000 images of 1000 x 1000: 3 GB, more than one in-memory array.
        write(many, images(2051, 3000, 1000, 1000, new byte[16]), true);
        assertBadInput(() -> IdxReader.readImages(many), many + " has a header promising");
    }

    @Test
    void aHeaderPromisingGigabytesAllocatesOnlyWhatTheFileHolds() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path file = dir.resolve(gzip ? "huge.gz" : "huge");
            // 2,047 images of 1024 x 1024 (2 GiB) promised, 64 bytes present.
            write(file, images(2051, 2047, 1024, 1024, new byte[64]), gzip);
            long before = allocatedBytes();
            assertBadInput(() -> IdxReader.readImages(file), file + " is truncated");
            assertThat(allocatedBytes() - before)
                    .as("bytes allocated reading %s", file)
                    .isLessThan(256L << 20);
        }
    }

    /** Bytes this thread has allocated on the heap so far (HotSpot's per-thread counter). */
    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)
                        java.lang.management.ManagementFactory.getThreadMXBean();
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static void assertBadInput(Runnable action, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining(message)
                .satisfies(
                        e ->
                                assertThat(((DistilleryException) e).exitCode())
                                        .isEqualTo(ExitCodes.BAD_INPUT));
    }

    static byte[] images(int magic, int count, int rows, int columns, byte[] pixels) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(columns);
            out.write(pixels);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] labels(int magic, int count, byte[] labels) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            out.writeInt(count);
            out.write(labels);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static void write(Path file, byte[] content, boolean gzip) {
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
            out.write(content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
