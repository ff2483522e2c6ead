package dev.distillery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.distillery.cli.DistilleryCommand.Result;
import dev.distillery.contract.ExitCodes;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code distillery run} of a tiny spec (2,000 Fashion-MNIST samples, one epoch per step,
 * two teachers, one student and its scratch twin), then a rerun, a foreign spec, a bad spec and a
 * failing step against the same machinery.
 */
@TestMethodOrder(OrderAnnotation.class)
class DistilleryRunIT {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir static Path dir;
    static Path spec;
    static Path runDir;
    static Result first;
    static Result rerun;

    @BeforeAll
    static void runTheTinySpec() throws Exception {
        spec = copy("tiny.yaml");
        runDir = dir.resolve("run");
        first =
                DistilleryCommand.run(
                        dir,
                        "run",
                        "-f",
                        spec.toString(),
                        "-o",
                        "json",
                        "--run-dir",
                        runDir.toString());
    }

    @Test
    @Order(1)
    void printsOnlyTheResourceAsJsonWithEveryStatusField() throws IOException {
        assertThat(first.exitCode()).as(first.stderr()).isEqualTo(ExitCodes.OK);
        JsonNode resource = JSON.readTree(first.stdout());
        JsonNode status = resource.path("status");

        assertThat(resource.path("kind").asText()).isEqualTo("Distillation");
        assertThat(status.path("phase").asText()).isEqualTo("Succeeded");
        List<String> types = new ArrayList<>();
        for (JsonNode condition : status.path("conditions")) {
            types.add(condition.path("type").asText());
            for (String field :
                    List.of(
                            "status",
                            "reason",
                            "message",
                            "lastTransitionTime",
                            "observedGeneration")) {
                assertThat(condition.hasNonNull(field)).as(condition + " has " + field).isTrue();
            }
        }
        assertThat(types)
                .contains(
                        "TeacherReady", "SoftLabelsReady", "StudentsReady", "Succeeded", "Failed");
        JsonNode teacher = status.path("teacher");
        assertThat(teacher.path("accuracy").asDouble()).isGreaterThan(0.3);
        assertThat(teacher.path("parameters").asLong()).isPositive();
        assertThat(teacher.path("members")).hasSize(2);
        for (JsonNode member : teacher.path("members")) {
            assertThat(member.path("artifact").asText()).startsWith("file://");
            assertThat(member.path("accuracy").asDouble()).isGreaterThan(0.3);
        }
        assertThat(status.path("softLabels").path("artifact").asText()).startsWith("file://");
        assertThat(status.path("softLabels").path("samples").asLong()).isEqualTo(2000);
        JsonNode student = status.path("students").get(0);
        assertThat(student.path("name").asText()).isEqualTo("small");
        assertThat(student.path("temperature").asDouble()).isEqualTo(4.0);
        assertThat(student.path("alpha").asDouble()).isEqualTo(0.7);
        assertThat(student.path("phase").asText()).isEqualTo("Succeeded");
        assertThat(student.path("accuracy").asDouble()).isGreaterThan(0.3);
        assertThat(student.path("scratchAccuracy").asDouble()).isGreaterThan(0.3);
        assertThat(student.path("parameters").asLong())
                .isPositive()
                .isLessThan(teacher.path("parameters").asLong());
        assertThat(student.path("compression").asDouble()).isGreaterThan(1.0);
        assertThat(student.path("artifact").asText()).startsWith("file://");
        assertThat(status.path("best").path("name").asText()).isEqualTo("small");
        assertThat(status.path("best").path("accuracy").asDouble())
                .isEqualTo(student.path("accuracy").asDouble());
        assertThat(status.path("report").asText()).startsWith("file://");
        assertThat(first.stderr()).contains("teacher-0: started", "student-small: done");
    }

    @Test
    @Order(2)
    void everyStepStoredWhatItPrintedBesideItsArtifactOutsideItsManifest() throws IOException {
        JsonNode steps = JSON.readTree(first.stdout()).path("status").path("steps");
        assertThat(steps).isNotEmpty();
        for (JsonNode step : steps) {
            Path artifact = Path.of(java.net.URI.create(step.path("artifact").asText()));
            Path log = artifact.resolveSibling(artifact.getFileName() + ".log");
            assertThat(log).as(step.path("name").asText()).exists();
            String text = Files.readString(log);
            assertThat(text).startsWith("== ").contains("distillery-step ");
            if (!step.path("stage").asText().equals("report")) {
                // The step's Katib lines, as it printed them.
                assertThat(text).containsPattern("(?m)^accuracy=0\\.\\d+$");
            }
            assertThat(Files.readString(artifact.resolve("manifest.json")))
                    .doesNotContain(".log\"");
        }
    }

    @Test
    @Order(2)
    void writesTheSameResourceToDistillationYaml() throws IOException {
        JsonNode printed = JSON.readTree(first.stdout());
        JsonNode written = new YAMLMapper().readTree(runDir.resolve("distillation.yaml").toFile());

        assertThat(written.path("status").path("phase").asText()).isEqualTo("Succeeded");
        assertThat(written.path("status").path("students").get(0).path("accuracy").asDouble())
                .isEqualTo(
                        printed.path("status").path("students").get(0).path("accuracy").asDouble());
        assertThat(written.path("spec")).isEqualTo(printed.path("spec"));
    }

    @Test
    @Order(3)
    void writesAnHtmlReportWithAParetoPng() throws IOException {
        String html = Files.readString(runDir.resolve("report.html"));

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<table>").endsWith("</html>\n");
        assertThat(html).contains("<img src=\"pareto.png\"").contains("distilled small");
        Matcher images = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        int count = 0;
        while (images.find()) {
            Path image = runDir.resolve(images.group(1));
            byte[] bytes = Files.readAllBytes(image);
            assertThat(Arrays.copyOf(bytes, 8)).as(image + " is a PNG").isEqualTo(PNG);
            BufferedImage decoded = ImageIO.read(image.toFile());
            assertThat(decoded).as(image + " decodes").isNotNull();
            assertThat(decoded.getWidth()).isGreaterThan(100);
            count++;
        }
        assertThat(count).isEqualTo(3);
    }

    @Test
    @Order(4)
    void aRerunReusesEveryStepQuicklyAndSaysSo() throws Exception {
        Result again =
                DistilleryCommand.run(
                        dir, "run", "-f", spec.toString(), "--run-dir", runDir.toString());
        rerun = again;

        assertThat(again.exitCode()).as(again.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(again.stderr()).contains("all 6 steps reused from storage, nothing ran");
        assertThat(again.stderr()).doesNotContain(": started");
        assertThat(again.seconds()).isLessThan(30);
        assertThat(again.stdout())
                .contains(
                        "SCRATCH ACCURACY",
                        "teacher-1",
                        "small",
                        "report.html",
                        "best:     small, chosen on validation accuracy (",
                        "ships as: small")
                .containsPattern(
                        "in TorchScript: float32 [0-9.]+ % in [0-9,]+ bytes, int8 [0-9.]+ % in"
                                + " [0-9,]+ bytes \\(agrees on [0-9.]+ %\\)")
                .containsPattern("small +mlp:16 +[0-9,]+ +[0-9.]+ % +[0-9.]+ % +[-+][0-9.]+ pts");
        JsonNode written = new YAMLMapper().readTree(runDir.resolve("distillation.yaml").toFile());
        for (JsonNode step : written.path("status").path("steps")) {
            assertThat(step.path("reused").asBoolean()).as(step.toString()).isTrue();
        }
        JsonNode best = written.path("status").path("best");
        assertThat(again.stdout())
                .contains(
                        String.format(
                                Locale.ROOT,
                                "best:     small, chosen on validation accuracy (%.2f %%);"
                                        + " test accuracy %.2f %%",
                                best.path("validationAccuracy").asDouble() * 100,
                                best.path("accuracy").asDouble() * 100));
    }

    @Test
    @Order(5)
    void theTableTheStatusAndTheReportMeasureGapsAgainstTheSameEnsemble() throws Exception {
        JsonNode status =
                new YAMLMapper()
                        .readTree(runDir.resolve("distillation.yaml").toFile())
                        .path("status");
        double ensemble = status.path("teacher").path("accuracy").asDouble();
        JsonNode chosen = status.path("selection").get(0);
        double distilled = chosen.path("accuracyMean").asDouble();
        double scratch = chosen.path("scratchAccuracyMean").asDouble();
        String ensembleText = String.format(Locale.ROOT, "%.2f %%", ensemble * 100);
        String html = Files.readString(runDir.resolve("report.html"));
        String table = rerun.stdout();

        assertThat(html)
                .contains("<tr><td>teacher ensemble (2 members)</td><td>2 x mlp:64</td>")
                .contains("<td>" + ensembleText + "</td>");
        assertThat(table).containsPattern("teacher ensemble \\(2 members\\) +" + ensembleText);
        if (ensemble > scratch) {
            String gap =
                    String.format(
                            Locale.ROOT,
                            "%.0f %%",
                            (distilled - scratch) / (ensemble - scratch) * 100);
            assertThat(chosen.path("gapClosure").asDouble() * 100)
                    .isCloseTo((distilled - scratch) / (ensemble - scratch) * 100, within(1e-6));
            assertThat(html).contains("</td><td>" + gap + "</td><td>");
            assertThat(table).containsPattern("small +mlp:16 .* pts +" + gap);
        }
    }

    @Test
    @Order(6)
    void aDifferentSpecInTheSameRunFolderIsRefusedAndChangesNothing() throws Exception {
        Path other = dir.resolve("other.yaml");
        Files.writeString(other, Files.readString(spec).replace("limit: 2000", "limit: 1000"));
        byte[] before = Files.readAllBytes(runDir.resolve("distillation.yaml"));

        Result refused =
                DistilleryCommand.run(
                        dir, "run", "-f", other.toString(), "--run-dir", runDir.toString());

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(refused.stderr())
                .contains("belongs to a different spec", spec.toString(), "--run-dir");
        assertThat(Files.readAllBytes(runDir.resolve("distillation.yaml"))).isEqualTo(before);
    }

    @Test
    @Order(6)
    void aSpecWithSeveralMistakesListsThemAllAndCreatesNothing() throws Exception {
        Path bad = copy("several-mistakes.yaml");

        Result rejected = DistilleryCommand.run(dir, "run", "-f", bad.toString());

        assertThat(rejected.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(rejected.stdout()).isEmpty();
        assertThat(rejected.stderr())
                .contains(bad.toString())
                .contains("metadata.name")
                .contains("spec.teacher.ensemble")
                .contains("spec.students[0].temperature")
                .contains("spec.students[0].alpha");
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    @Test
    @Order(7)
    void aFailingStepIsNamedWithItsMessageAndExitCode() throws Exception {
        Path failing = dir.resolve("failing");
        // A folder that is there but holds no dataset: only a step finds that out.
        String empty = Files.createDirectories(dir.resolve("empty-dataset")).toUri().toString();

        Result failed =
                DistilleryCommand.run(
                        dir,
                        "run",
                        "-f",
                        spec.toString(),
                        "--run-dir",
                        failing.toString(),
                        "--data",
                        empty,
                        "-o",
                        "json");

        assertThat(failed.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(failed.stderr()).containsPattern("step teacher-[01] failed: .*empty-dataset");
        JsonNode status = JSON.readTree(failed.stdout()).path("status");
        assertThat(status.path("phase").asText()).isEqualTo("Failed");
        assertThat(status.path("students").get(0).path("phase").asText()).isEqualTo("Pending");
        // The failed step has no artifact, but its log is stored where one would have been.
        JsonNode teacher = null;
        for (JsonNode step : status.path("steps")) {
            if (step.path("phase").asText().equals("Failed")) {
                teacher = step;
            }
        }
        assertThat(teacher).isNotNull();
        assertThat(teacher.has("artifact")).isFalse();
        Path log = failing.resolve("artifacts/teacher/" + teacher.path("key").asText() + ".log");
        assertThat(Files.readString(log)).containsPattern("distillery-step train: .*empty-dataset");
    }

    @Test
    @Order(8)
    void aDataFolderThatDoesNotExistStopsTheRunBeforeAnyStepWithOneMessage() throws Exception {
        Path folder = dir.resolve("never-started");
        Path missing = dir.resolve("no-such-dataset");

        Result stopped =
                DistilleryCommand.run(
                        dir,
                        "run",
                        "-f",
                        spec.toString(),
                        "--run-dir",
                        folder.toString(),
                        "--data",
                        missing.toUri().toString());

        assertThat(stopped.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(stopped.stdout()).isEmpty();
        assertThat(stopped.stderr().lines().toList())
                .singleElement()
                .asString()
                .startsWith("distillery run: --data " + missing.toUri())
                .contains("no folder at " + missing)
                .doesNotContain("started", "failed");
        assertThat(folder).doesNotExist();
        assertThat(missing).doesNotExist();
    }

    private static Path copy(String resource) throws IOException {
        Path target = dir.resolve(resource);
        try (InputStream in = DistilleryRunIT.class.getResourceAsStream("/" + resource)) {
            Files.copy(in, target);
        }
        return target;
    }
}
