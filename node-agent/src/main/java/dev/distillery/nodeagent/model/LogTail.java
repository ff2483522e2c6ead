package dev.distillery.nodeagent.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Where the last lines of a log begin, read backwards from its end in blocks so a long log is not
 * read whole. As the kubelet counts them, a line ends with a newline and an unfinished last line
 * counts as one.
 */
public final class LogTail {

    private static final int BLOCK = 8192;

    private LogTail() {}

    /**
     * The offset of the first of the last {@code lines} lines among the first {@code size} bytes.
     */
    public static long start(SeekableByteChannel log, long size, long lines) throws IOException {
        if (lines <= 0) {
            return size;
        }
        // A newline that ends the log ends its last line; it does not begin another.
        long newlines = 0;
        long end = size;
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        boolean last = true;
        while (end > 0) {
            long from = Math.max(0, end - BLOCK);
            block.clear().limit((int) (end - from));
            log.position(from);
            while (block.hasRemaining() && log.read(block) >= 0) {
                // reads until the block is full
            }
            for (int i = (int) (end - from) - 1; i >= 0; i--) {
                if (block.get(i) != '\n') {
                    last = false;
                    continue;
                }
                if (last) {
                    last = false;
                    continue;
                }
                if (++newlines == lines) {
                    return from + i + 1;
                }
            }
            end = from;
        }
        return 0;
    }
}
