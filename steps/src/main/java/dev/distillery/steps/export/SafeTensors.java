package dev.distillery.steps.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes float32 tensors in the safetensors format: an 8-byte little-endian header length, a JSON
 * header (each tensor's dtype, shape and byte range, plus string metadata), padded with spaces to a
 * multiple of 8 bytes, then the tensors' raw little-endian bytes in header order.
 */
public final class SafeTensors {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One named tensor: its shape and its values, row-major. */
    public record Tensor(String name, long[] shape, float[] values) {}

    private SafeTensors() {}

    /** Writes {@code tensors} (in this order) and {@code metadata} into {@code file}. */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put("__metadata__", metadata);
        }
        long offset = 0;
        for (Tensor tensor : tensors) {
            long count = 1;
            for (long d : tensor.shape()) {
                count *= d;
            }
            if (count != tensor.values().length) {
                throw new IllegalArgumentException(
                        tensor.name() + " has " + tensor.values().length + " values, not " + count);
            }
            long end = offset + 4L * count;
            header.put(
                    tensor.name(),
                    Map.of(
                            "dtype",
                            "F32",
                            "shape",
                            tensor.shape(),
                            "data_offsets",
                            new long[] {offset, end}));
            offset = end;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) {
            prefix.put(" ".getBytes(StandardCharsets.US_ASCII));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(prefix.array());
            for (Tensor tensor : tensors) {
                ByteBuffer data =
                        ByteBuffer.allocate(4 * tensor.values().length)
                                .order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(tensor.values());
                out.write(data.array());
            }
        }
    }
}
