package dev.distillery.steps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.contract.StepSummary;
import dev.distillery.steps.training.RunSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a step tells the world when it ends: {@code metrics.json} in its artifact (the summary plus
 * details such as curves), Katib-style {@code name=value} lines on stdout, and the one-line JSON
 * summary in the termination-message file.
 */
final class StepReport {
    /** The key of a training run's {@link RunSettings} in its {@code metrics.json}. */
    static final String RUN_SETTINGS = "runSettings";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StepReport() {}

    /** Writes {@code metrics.json} into {@code folder}: the summary's fields, then the details. */
    static void writeMetrics(Path folder, StepSummary summary, Map<String, Object> details)
            throws IOException {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("step", summary.step());
        metrics.put("artifact", summary.artifact());
        metrics.put("accuracy", summary.accuracy());
        metrics.put("parameters", summary.parameters());
        metrics.put("epochs", summary.epochs());
        metrics.put("samples", summary.samples());
        metrics.put("seconds", summary.seconds());
        metrics.put("resumed", summary.resumed());
        metrics.putAll(details);
        metrics.put("summary", summary);
        JSON.writeValue(folder.resolve(ArtifactFiles.METRICS).toFile(), metrics);
    }

    /** The run settings kept in the {@code metrics.json} of {@code folder}, if it has them. */
    static Optional<RunSettings> readRunSettings(Path folder) throws IOException {
        JsonNode node = JSON.readTree(folder.resolve(ArtifactFiles.METRICS).toFile());
        if (node.get(RUN_SETTINGS) == null || !node.get(RUN_SETTINGS).isObject()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        node.get(RUN_SETTINGS)
                .fields()
                .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return Optional.of(new RunSettings(values));
    }

    /** Prints the summary's scalars as Katib metric lines and writes the termination message. */
    static void announce(
            StepSummary summary, PrintWriter out, Path terminationLog, PrintWriter err) {
        line(out, "accuracy", summary.accuracy());
        line(
                out,
                "parameters",
                summary.parameters() == null ? null : summary.parameters().doubleValue());
        line(out, "epochs", summary.epochs() == null ? null : summary.epochs().doubleValue());
        line(out, "samples", summary.samples() == null ? null : summary.samples().doubleValue());
        line(out, "seconds", summary.seconds());
        if (summary.metrics() != null) {
            summary.metrics().forEach((name, value) -> line(out, name, value));
        }
        out.flush();
        writeTerminationLog(summary.toJson(), terminationLog, err);
    }

    private static void line(PrintWriter out, String name, Double value) {
        if (value != null && !value.isNaN()) {
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                out.println(name + "=" + value.longValue());
            } else {
                out.println(name + "=" + value);
            }
        }
    }

    /**
     * Writes {@code text} as the container's termination message: skipped when the file's folder
     * does not exist (no container), a note on {@code err} when it cannot be written.
     */
    static void writeTerminationLog(String text, Path file, PrintWriter err) {
        if (file == null) {
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                return;
            }
            Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            err.println("(termination log " + file + " not writable; nothing written there)");
        }
    }
}
