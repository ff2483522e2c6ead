package dev.distillery.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.steps.artifacts.StepStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What the report measured of a student as it ships: the variant deployed and its TorchScript
 * export in float32 and in int8 (the report's {@code deployment[]} rows).
 *
 * @param variant the variant deployed (the chosen setting's best seed on validation)
 * @param float32 the float32 file's test accuracy, 0 to 1
 * @param float32Bytes the float32 file's bytes
 * @param int8 the int8 file's test accuracy, 0 to 1
 * @param int8Bytes the int8 file's bytes
 * @param agreement the share of the test images on which the int8 file predicts the float32's class
 */
public record ShippedStudent(
        String variant,
        double float32,
        long float32Bytes,
        double int8,
        long int8Bytes,
        double agreement) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The deployment of {@code student} in the complete report artifact at {@code reportUri}; empty
     * when the report has none for it (a report made without the data).
     */
    public static Optional<ShippedStudent> read(String reportUri, String student) {
        try (StepStorage storage = new StepStorage()) {
            Path metrics =
                    storage.fetch(StepStorage.canonical(reportUri)).resolve(ArtifactFiles.METRICS);
            if (!Files.isRegularFile(metrics)) {
                return Optional.empty();
            }
            return of(JSON.readTree(metrics.toFile()), student);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report " + reportUri, e);
        }
    }

    /** The deployment of {@code student} in a report's {@code metrics.json}, {@code root}. */
    static Optional<ShippedStudent> of(JsonNode root, String student) {
        JsonNode float32 = null;
        JsonNode int8 = null;
        for (JsonNode row : root.path("deployment")) {
            if (student.equals(row.path("student").asText())) {
                switch (row.path("precision").asText()) {
                    case "float32" -> float32 = row;
                    case "int8" -> int8 = row;
                    default -> {
                        // A precision this CLI does not know of: not shown.
                    }
                }
            }
        }
        if (float32 == null || int8 == null) {
            return Optional.empty();
        }
        return Optional.of(
                new ShippedStudent(
                        float32.path("variant").asText(),
                        float32.path("accuracy").asDouble(),
                        float32.path("bytes").asLong(),
                        int8.path("accuracy").asDouble(),
                        int8.path("bytes").asLong(),
                        int8.path("agreement").asDouble()));
    }

    /** The line under {@code best:}. */
    public String line() {
        return String.format(
                Locale.ROOT,
                "ships as: %s in TorchScript: float32 %.2f %% in %,d bytes, int8 %.2f %% in %,d"
                        + " bytes (agrees on %.2f %%)",
                variant,
                float32 * 100,
                float32Bytes,
                int8 * 100,
                int8Bytes,
                agreement * 100);
    }
}
