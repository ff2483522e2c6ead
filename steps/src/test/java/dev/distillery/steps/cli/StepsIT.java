package dev.distillery.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.contract.StepSummary;
import dev.distillery.steps.data.ImageFolderDatasetTest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small real distillation on Fashion-MNIST (the first 4,000 training images): a teacher, its soft
 * labels in two shards, a distilled student, and an evaluation, all through the CLI.
 */
class StepsIT {
    private static final String LIMIT = "4000";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void teacherSoftLabelsStudentAndEvaluation() throws IOException {
        String teacher = dir.resolve("teacher").toString();
        StepRun trained =
                ok(
                        "train",
                        "--model",
                        "mlp:256",
                        "--limit",
                        LIMIT,
                        "--epochs",
                        "2",
                        "--output",
                        teacher,
                        "--termination-log",
                        dir.resolve("t.log").toString());
        assertThat(trained.metric("testAccuracy")).isGreaterThan(0.65);
        assertThat(trained.metric("accuracy")).isGreaterThan(0.65);
        assertThat(trained.metric("epochs")).isEqualTo(2);
        StepSummary summary = StepSummary.fromJson(Files.readString(dir.resolve("t.log")).trim());
        assertThat(summary.step()).isEqualTo("train");
        assertThat(summary.parameters()).isEqualTo(784L * 256 + 256 + 256 * 10 + 10);
        assertThat(summary.resumed()).isFalse();
        assertThat(summary.reused()).isFalse();
        JsonNode metrics = JSON.readTree(Path.of(teacher, "metrics.json").toFile());
        for (String field : new String[] {"accuracy", "parameters", "epochs", "seconds"}) {
            assertThat(metrics.has(field)).as(field).isTrue();
        }
        assertThat(metrics.get("history")).hasSize(2);
        assertThat(metrics.get("history").get(1).get("samplesPerSecond").asDouble()).isPositive();
        assertThat(Path.of(teacher, "model.json")).exists();
        assertThat(Path.of(teacher, "manifest.json")).exists();

        String soft = dir.resolve("soft").toString();
        for (String shard : new String[] {"0", "1"}) {
            StepRun labelled =
                    ok(
                            "soft-labels",
                            "--teacher",
                            teacher,
                            "--limit",
                            LIMIT,
                            "--output",
                            soft,
                            "--shard",
                            shard,
                            "--shards",
                            "2",
                            "--precision",
                            "fp16");
            assertThat(labelled.metric("samples")).isEqualTo(2000);
            assertThat(labelled.metric("bytesPerSample")).isEqualTo(20);
            // The step scores the teacher it stores: on the held-out split in every shard, on
            // the test split in the first only.
            assertThat(labelled.metric("accuracy")).isGreaterThan(0.55);
            if (shard.equals("0")) {
                assertThat(labelled.metric("testAccuracy")).isGreaterThan(0.55);
            } else {
                assertThat(labelled.out()).doesNotContain("testAccuracy=");
            }
        }

        String student = dir.resolve("student").toString();
        StepRun distilled =
                ok(
                        "train",
                        "--model",
                        "mlp:32",
                        "--limit",
                        LIMIT,
                        "--epochs",
                        "1",
                        "--output",
                        student,
                        "--teacher-logits",
                        soft,
                        "--temperature",
                        "4",
                        "--alpha",
                        "0.5");
        assertThat(distilled.err()).contains("as a student (T=4.0, alpha=0.5)");
        assertThat(distilled.metric("testAccuracy")).isGreaterThan(0.55);
        JsonNode studentMetrics = JSON.readTree(Path.of(student, "metrics.json").toFile());
        assertThat(studentMetrics.get("teacherLogits").asText()).isEqualTo(soft);
        assertThat(studentMetrics.get("alpha").asDouble()).isEqualTo(0.5);

        StepRun evaluated =
                ok("evaluate", "--model", student, "--output", dir.resolve("eval").toString());
        assertThat(evaluated.metric("accuracy")).isGreaterThan(0.55);
        assertThat(evaluated.metric("samples")).isEqualTo(10000);
        assertThat(evaluated.metric("latencyMillis")).isPositive();
        // 4 bytes per parameter plus a little for model.json and the parameter names; not the
        // checkpoints kept beside the model.
        long parameterBytes = 4L * (784 * 32 + 32 + 32 * 10 + 10);
        assertThat(evaluated.metric("bytesOnDisk"))
                .isBetween((double) parameterBytes, parameterBytes + 8000.0);
        JsonNode evaluation = JSON.readTree(dir.resolve("eval/metrics.json").toFile());
        assertThat(evaluation.get("perClassAccuracy")).hasSize(10);

        StepRun again =
                ok(
                        "train",
                        "--model",
                        "mlp:256",
                        "--limit",
                        LIMIT,
                        "--epochs",
                        "2",
                        "--output",
                        teacher,
                        "--termination-log",
                        dir.resolve("again.log").toString());
        assertThat(again.err()).contains("already complete");
        assertThat(again.metric("testAccuracy")).isEqualTo(trained.metric("testAccuracy"));
        // What the operator records: this run did not write the artifact, so it must not delete it.
        StepSummary reused =
                StepSummary.fromJson(Files.readString(dir.resolve("again.log")).trim());
        assertThat(reused.reused()).isTrue();
        assertThat(reused.accuracy()).isEqualTo(summary.accuracy());
    }

    @Test
    void augmentedEnsembleSoftLabelsAreReplayedByTheStudent() throws IOException {
        String first = dir.resolve("a").toString();
        String second = dir.resolve("b").toString();
        ok("train", "--model", "mlp:64", "--limit", "1500", "--epochs", "1", "--output", first);
        ok(
                "train",
                "--model",
                "mlp:64",
                "--limit",
                "1500",
                "--epochs",
                "1",
                "--seed",
                "7",
                "--output",
                second);
        String soft = dir.resolve("soft").toString();
        ok(
                "soft-labels",
                "--teacher",
                first,
                "--teacher",
                second,
                "--limit",
                "1500",
                "--output",
                soft,
                "--augment",
                "--flip",
                "--views",
                "2",
                "--seed",
                "3");
        JsonNode header = JSON.readTree(dir.resolve("soft/softlabels.json").toFile());
        assertThat(header.get("ensemble").asText()).isEqualTo("log-mean-softmax");
        assertThat(header.get("views").asInt()).isEqualTo(2);
        assertThat(header.get("augmentFlip").asBoolean()).isTrue();
        assertThat(Files.size(dir.resolve("soft/logits.bin"))).isEqualTo(2L * 1500 * 10 * 4);
        StepRun student =
                ok(
                        "train",
                        "--model",
                        "mlp:32",
                        "--limit",
                        "1500",
                        "--epochs",
                        "2",
                        "--output",
                        dir.resolve("student").toString(),
                        "--teacher-logits",
                        soft);
        assertThat(student.err()).contains("augmented views the teacher labelled (2 view(s)");
        assertThat(student.metric("accuracy")).isGreaterThan(0.4);
    }

    @Test
    void sameSeedGivesTheSameCurveAndAnotherSeedAnotherOne() throws IOException {
        String[] common = {
            "train", "--model", "mlp:32;dropout=0.2", "--limit", "1000", "--epochs", "2"
        };
        JsonNode first = history(common, "42", "first");
        JsonNode again = history(common, "42", "again");
        JsonNode other = history(common, "43", "other");
        for (int epoch = 0; epoch < 2; epoch++) {
            assertThat(again.get(epoch).get("loss").asDouble())
                    .isEqualTo(first.get(epoch).get("loss").asDouble());
            assertThat(again.get(epoch).get("validationAccuracy").asDouble())
                    .isEqualTo(first.get(epoch).get("validationAccuracy").asDouble());
        }
        assertThat(other.get(0).get("loss").asDouble())
                .isNotEqualTo(first.get(0).get("loss").asDouble());
    }

    private JsonNode history(String[] common, String seed, String name) throws IOException {
        String output = dir.resolve(name).toString();
        String[] args = Arrays.copyOf(common, common.length + 4);
        args[common.length] = "--seed";
        args[common.length + 1] = seed;
        args[common.length + 2] = "--output";
        args[common.length + 3] = output;
        ok(args);
        return JSON.readTree(Path.of(output, "metrics.json").toFile()).get("history");
    }

    @Test
    void trainsOnAnImageFolderOfColourImages() throws IOException {
        Path images = dir.resolve("images");
        ImageFolderDatasetTest.writeImages(
                images.resolve("train/red"), 40, 0xc00000, 8, 6, BufferedImage.TYPE_INT_RGB);
        ImageFolderDatasetTest.writeImages(
                images.resolve("train/blue"), 40, 0x0000c0, 8, 6, BufferedImage.TYPE_INT_RGB);
        ImageFolderDatasetTest.writeImages(
                images.resolve("test/blue"), 5, 0x0000c0, 8, 6, BufferedImage.TYPE_INT_RGB);
        String model = dir.resolve("colours").toString();
        StepRun run =
                ok(
                        "train",
                        "--model",
                        "cnn:4",
                        "--data",
                        images.toString(),
                        "--epochs",
                        "3",
                        "--batch-size",
                        "16",
                        "--val-fraction",
                        "0.25",
                        "--output",
                        model);
        assertThat(run.err()).contains("(3x6x8, 2 classes)");
        assertThat(run.metric("testAccuracy")).isEqualTo(1.0);
        JsonNode description = JSON.readTree(Path.of(model, "model.json").toFile());
        assertThat(description.get("classNames").toString()).isEqualTo("[\"blue\",\"red\"]");
    }

    @Test
    void aCompletePackIsReportedReused() throws IOException {
        String pack = dir.resolve("pack").toString();
        List<String> args =
                List.of(
                        "packed",
                        "--limit",
                        "1000",
                        "--epochs",
                        "1",
                        "--output",
                        pack,
                        "--student",
                        "a",
                        "--model",
                        "mlp:8",
                        "--student",
                        "b",
                        "--model",
                        "mlp:4");
        ok(withLog(args, dir.resolve("pack-first.log")));
        StepRun again = ok(withLog(args, dir.resolve("pack-again.log")));

        assertThat(again.err()).contains("already complete");
        // What the operator records: the rerun did not write the pack, so it must not delete it.
        assertThat(terminationSummary(dir.resolve("pack-first.log")).reused()).isFalse();
        assertThat(terminationSummary(dir.resolve("pack-again.log")).reused()).isTrue();
    }

    private static String[] withLog(List<String> args, Path log) {
        List<String> all = new java.util.ArrayList<>(args);
        all.addAll(List.of("--termination-log", log.toString()));
        return all.toArray(String[]::new);
    }

    private static StepSummary terminationSummary(Path log) throws IOException {
        return StepSummary.fromJson(Files.readString(log).trim());
    }

    private static StepRun ok(String... args) {
        StepRun run = StepRun.of(args);
        assertThat(run.exitCode()).as("exit code; stderr:\n" + run.err()).isZero();
        return run;
    }
}
