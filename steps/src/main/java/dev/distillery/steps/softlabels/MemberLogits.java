package dev.distillery.steps.softlabels;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One ensemble member's raw fp32 logits, written to a temporary file as the member runs and read
 * back in order while the members are combined, so an ensemble's logits never sit in the heap.
 */
final class MemberLogits implements AutoCloseable {
    private final Path file;
    private OutputStream out;
    private DataInputStream in;
    private int classes;

    private MemberLogits(Path file) throws IOException {
        this.file = file;
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
    }

    /** A new, empty file in the temporary folder. */
    static MemberLogits create() throws IOException {
        return new MemberLogits(Files.createTempFile("distillery-member", ".f32"));
    }

    /** Appends {@code rows} rows of logits. */
    void append(int rows, float[] logits) throws IOException {
        classes = logits.length / rows;
        ByteBuffer buffer = ByteBuffer.allocate(4 * logits.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(logits);
        out.write(buffer.array());
    }

    /** Ends writing; reading starts at the first row. */
    void finishWriting() throws IOException {
        out.close();
        out = null;
        InputStream raw = Files.newInputStream(file);
        in = new DataInputStream(new BufferedInputStream(raw, 1 << 20));
    }

    /** The next {@code rows} rows of logits, in the order they were appended. */
    float[] next(int rows) throws IOException {
        byte[] bytes = new byte[4 * rows * classes];
        in.readFully(bytes);
        float[] logits = new float[rows * classes];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(logits);
        return logits;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
        if (in != null) {
            in.close();
        }
        Files.deleteIfExists(file);
    }
}
