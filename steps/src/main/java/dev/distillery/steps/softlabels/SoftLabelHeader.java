package dev.distillery.steps.softlabels;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.distillery.contract.DistilleryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The description of one soft-label shard, stored as {@code softlabels.json} beside its {@code
 * logits.bin} ({@code views x (end - start) x classes} little-endian values).
 *
 * @param samples training samples of the whole set (all shards together)
 * @param classes logits per sample
 * @param start first sample of this shard
 * @param end one past the last sample of this shard
 * @param shard this shard's index
 * @param shards the number of shards
 * @param precision {@code fp32} or {@code fp16}
 * @param views number of augmented views per sample (1 without augmentation)
 * @param augmentSeed the augmentation seed of the views, or null without augmentation
 * @param augmentShift the largest augmentation shift in pixels
 * @param augmentFlip whether the augmentation mirrors half of the views
 * @param ensemble how the teachers' logits are combined: {@code single} or {@code log-mean-softmax}
 * @param teachers the teacher artifacts
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SoftLabelHeader(
        int samples,
        int classes,
        int start,
        int end,
        int shard,
        int shards,
        String precision,
        int views,
        Long augmentSeed,
        int augmentShift,
        boolean augmentFlip,
        String ensemble,
        List<String> teachers) {

    /** The header file name. */
    public static final String FILE = "softlabels.json";

    /** The logits file name. */
    public static final String LOGITS = "logits.bin";

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Bytes per stored value. */
    public int bytesPerValue() {
        return precision.equals("fp16") ? 2 : 4;
    }

    /** Writes this header into {@code folder}. */
    public void write(Path folder) throws IOException {
        JSON.writeValue(folder.resolve(FILE).toFile(), this);
    }

    /** Reads the header in {@code folder}; a missing or malformed header is bad input. */
    public static SoftLabelHeader read(Path folder, String uri) {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw DistilleryException.badInput(
                    "soft labels " + uri + " have no " + FILE + ": not a soft-labels artifact");
        }
        try {
            return JSON.readValue(file.toFile(), SoftLabelHeader.class);
        } catch (IOException e) {
            throw DistilleryException.badInput(
                    "soft labels " + uri + " have a malformed " + FILE + ": " + e.getMessage(), e);
        }
    }
}
