package dev.distillery.steps.softlabels;

import dev.distillery.contract.DistilleryException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes one soft-label shard: its header and one large little-endian logits file. */
public final class SoftLabelWriter {

    private SoftLabelWriter() {}

    /**
     * Writes {@code header} and the logits of each view into {@code folder}; returns the bytes of
     * logits.
     */
    public static long write(Path folder, SoftLabelHeader header, float[][] logitsPerView)
            throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(SoftLabelHeader.LOGITS);
        if (header.bytesPerValue() == 2) {
            requireHalfPrecision(header, logitsPerView);
        }
        long bytes = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (float[] view : logitsPerView) {
                ByteBuffer buffer =
                        ByteBuffer.allocate(view.length * header.bytesPerValue())
                                .order(ByteOrder.LITTLE_ENDIAN);
                for (float value : view) {
                    if (header.bytesPerValue() == 2) {
                        buffer.putShort(HalfPrecision.fromFloat(value));
                    } else {
                        buffer.putFloat(value);
                    }
                }
                out.write(buffer.array());
                bytes += buffer.capacity();
            }
        }
        header.write(folder);
        return bytes;
    }

    /** Fails, naming the first one, if a finite logit is beyond what fp16 holds. */
    private static void requireHalfPrecision(SoftLabelHeader header, float[][] logitsPerView) {
        for (int view = 0; view < logitsPerView.length; view++) {
            float[] logits = logitsPerView[view];
            for (int i = 0; i < logits.length; i++) {
                float value = logits[i];
                if (Float.isFinite(value)
                        && Float.isInfinite(
                                HalfPrecision.toFloat(HalfPrecision.fromFloat(value)))) {
                    throw DistilleryException.badInput(
                            "teacher logit "
                                    + value
                                    + " of sample "
                                    + (header.start() + i / header.classes())
                                    + ", class "
                                    + i % header.classes()
                                    + (header.views() > 1 ? ", view " + view : "")
                                    + " is beyond fp16's largest value "
                                    + HalfPrecision.MAX
                                    + ": use --precision fp32");
                }
            }
        }
    }
}
