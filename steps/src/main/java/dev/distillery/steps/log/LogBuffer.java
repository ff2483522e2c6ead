package dev.distillery.steps.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What one run of a step printed, bounded: past {@code limit} bytes it keeps the beginning (how the
 * step started) and the latest output (how it ended), and says how much it left out between them.
 */
final class LogBuffer {
    private final int headLimit;
    private final int limit;
    private byte[] bytes = new byte[8192];
    private int size;
    private long dropped;
    private long version;

    LogBuffer(int limit) {
        this.limit = limit;
        this.headLimit = limit / 8;
    }

    synchronized void write(byte[] data, int offset, int length) {
        if (size + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + length));
        }
        System.arraycopy(data, offset, bytes, size, length);
        size += length;
        version++;
        if (size > limit) {
            // Keep the head, drop the oldest part of the rest down to half the limit.
            int keepTail = limit / 2;
            int cut = size - headLimit - keepTail;
            System.arraycopy(bytes, headLimit + cut, bytes, headLimit, keepTail);
            size = headLimit + keepTail;
            dropped += cut;
        }
    }

    /** A counter that changes whenever something is written. */
    synchronized long version() {
        return version;
    }

    /** Everything kept, with a line where output was left out. */
    synchronized byte[] snapshot() {
        if (dropped == 0) {
            return Arrays.copyOf(bytes, size);
        }
        byte[] note =
                ("\n[... " + dropped + " bytes of output left out ...]\n")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[size + note.length];
        System.arraycopy(bytes, 0, all, 0, headLimit);
        System.arraycopy(note, 0, all, headLimit, note.length);
        System.arraycopy(bytes, headLimit, all, headLimit + note.length, size - headLimit);
        return all;
    }
}
