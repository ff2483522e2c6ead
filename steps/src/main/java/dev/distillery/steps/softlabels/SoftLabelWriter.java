package dev.distillery.steps.softlabels;

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
}
