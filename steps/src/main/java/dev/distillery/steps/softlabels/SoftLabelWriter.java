package dev.distillery.steps.softlabels;

import dev.distillery.contract.DistilleryException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one soft-label shard as it is computed: logits are appended batch by batch (view 0's rows
 * for every sample, then view 1's, ...) to one large little-endian file, and the header is written
 * last, once every row is there. Nothing but a buffer is held, whatever the shard's size. A finite
 * logit that fp16 cannot hold is bad input naming it.
 */
public final class SoftLabelWriter implements AutoCloseable {
    private final Path folder;
    private final SoftLabelHeader header;
    private final OutputStream out;
    private final long expectedRows;
    private long rows;
    private long bytes;

    /** A writer of {@code header}'s shard into {@code folder}. */
    public SoftLabelWriter(Path folder, SoftLabelHeader header) throws IOException {
        this.folder = folder;
        this.header = header;
        Files.createDirectories(folder);
        this.expectedRows = (long) header.views() * (header.end() - header.start());
        this.out =
                new BufferedOutputStream(
                        Files.newOutputStream(folder.resolve(SoftLabelHeader.LOGITS)), 1 << 20);
    }

    /** Writes {@code header} and the logits of each view into {@code folder} at once. */
    public static long write(Path folder, SoftLabelHeader header, float[][] logitsPerView)
            throws IOException {
        try (SoftLabelWriter writer = new SoftLabelWriter(folder, header)) {
            for (float[] view : logitsPerView) {
                writer.append(view);
            }
            return writer.finish();
        }
    }

    /** Appends the next rows: {@code classes} logits per sample, row after row. */
    public void append(float[] logits) throws IOException {
        int classes = header.classes();
        if (logits.length % classes != 0 || rows + logits.length / classes > expectedRows) {
            throw new IllegalStateException(
                    logits.length + " logits do not continue " + rows + " of " + expectedRows);
        }
        ByteBuffer buffer =
                ByteBuffer.allocate(logits.length * header.bytesPerValue())
                        .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < logits.length; i++) {
            if (header.bytesPerValue() == 2) {
                short half = HalfPrecision.fromFloat(logits[i]);
                if (Float.isFinite(logits[i]) && Float.isInfinite(HalfPrecision.toFloat(half))) {
                    throw beyondHalfPrecision(logits[i], rows + i / classes, i % classes);
                }
                buffer.putShort(half);
            } else {
                buffer.putFloat(logits[i]);
            }
        }
        out.write(buffer.array());
        rows += logits.length / classes;
        bytes += buffer.capacity();
    }

    /** Closes the logits file and writes the header; returns the bytes of logits. */
    public long finish() throws IOException {
        if (rows != expectedRows) {
            throw new IllegalStateException(rows + " rows written of " + expectedRows);
        }
        out.close();
        header.write(folder);
        return bytes;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private DistilleryException beyondHalfPrecision(float value, long row, int cls) {
        int count = header.end() - header.start();
        long view = row / count;
        long sample = header.start() + row % count;
        return DistilleryException.badInput(
                "teacher logit "
                        + value
                        + " of sample "
                        + sample
                        + ", class "
                        + cls
                        + (header.views() > 1 ? ", view " + view : "")
                        + " is beyond fp16's largest value "
                        + HalfPrecision.MAX
                        + ": use --precision fp32");
    }
}
