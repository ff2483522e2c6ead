package dev.distillery.steps.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.imported.TeacherContract;
import dev.distillery.steps.report.ModelResult.EpochPoint;
import dev.distillery.steps.report.ModelResult.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code metrics.json} a {@code train} step wrote into a {@link ModelResult}, and the one
 * a {@code soft-labels} step wrote into the result of the teacher ensemble it scored.
 */
final class MetricsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsFile() {}

    /** The result kept in the artifact folder {@code folder}, fetched from {@code uri}. */
    static ModelResult read(Path folder, Role role, String name, String uri) {
        JsonNode root = tree(folder, uri);
        List<EpochPoint> history = new ArrayList<>();
        for (JsonNode epoch : root.path("history")) {
            history.add(
                    new EpochPoint(
                            epoch.path("epoch").asInt(),
                            number(epoch.path("loss")),
                            number(epoch.path("validationAccuracy"))));
        }
        return new ModelResult(
                role,
                name,
                root.path("model").isTextual() ? root.path("model").asText() : null,
                role == Role.STUDENT ? optional(root.path("temperature")) : null,
                role == Role.STUDENT ? optional(root.path("alpha")) : null,
                root.path("parameters").isNumber() ? root.path("parameters").asLong() : null,
                accuracy(root),
                validationAccuracy(root),
                root.path("seed").isNumber() ? root.path("seed").asLong() : null,
                history,
                uri);
    }

    /**
     * A teacher trained elsewhere, described by its contract: no training history and no accuracy
     * of its own (the soft-labels step scores the teacher on the data).
     */
    static ModelResult imported(TeacherContract contract, String name, String uri) {
        return new ModelResult(
                Role.TEACHER,
                name,
                "imported " + contract.format() + " " + contract.input().size(),
                null,
                null,
                contract.parameters(),
                null,
                null,
                null,
                List.of(),
                uri);
    }

    /**
     * The teacher ensemble scored by the soft-labels step whose artifact is in {@code folder}: its
     * test accuracy (absent when the data has no test split, or the step did not score it), the sum
     * of its {@code members}' parameters and their models.
     */
    static ModelResult readEnsemble(Path folder, String uri, List<ModelResult> members) {
        JsonNode root = tree(folder, uri);
        JsonNode test = root.path("summary").path("metrics").path("testAccuracy");
        boolean sized = members.stream().allMatch(m -> m.parameters() != null);
        List<String> models =
                members.stream().map(m -> String.valueOf(m.model())).distinct().toList();
        return new ModelResult(
                Role.ENSEMBLE,
                members.size() + " members",
                models.size() == 1
                        ? members.size() + " x " + models.get(0)
                        : String.join(" + ", models),
                null,
                null,
                sized ? members.stream().mapToLong(ModelResult::parameters).sum() : null,
                test.isNumber() ? test.asDouble() : null,
                null,
                null,
                List.of(),
                uri);
    }

    private static JsonNode tree(Path folder, String uri) {
        Path file = folder.resolve(ArtifactFiles.METRICS);
        if (!Files.isRegularFile(file)) {
            throw DistilleryException.badInput(
                    uri + " has no " + ArtifactFiles.METRICS + ": not a trained model artifact");
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw DistilleryException.badInput(
                    uri + "/" + ArtifactFiles.METRICS + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Test-set accuracy when the data has a test set, else the validation split's. */
    private static Double accuracy(JsonNode root) {
        for (String field : new String[] {"testAccuracy", "accuracy"}) {
            if (root.path(field).isNumber()) {
                return root.path(field).asDouble();
            }
        }
        return null;
    }

    /**
     * Validation-split accuracy, the one sweeps choose on: {@code validationAccuracy} when the
     * train step wrote that field (null when it had no validation split, so the test split is never
     * used to choose); for artifacts from before that field, the summary's {@code accuracy}, which
     * a train step measures on its validation split whenever it has one.
     */
    private static Double validationAccuracy(JsonNode root) {
        if (root.has("validationAccuracy")) {
            return optional(root.path("validationAccuracy"));
        }
        return optional(root.path("accuracy"));
    }

    private static Double optional(JsonNode node) {
        return node.isNumber() ? node.asDouble() : null;
    }

    /** A number, or NaN for a missing value or the {@code "NaN"} Jackson writes for one. */
    private static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.NaN;
    }
}
