package dev.distillery.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.contract.ExitCodes;
import dev.distillery.steps.artifacts.DatasetSource;
import dev.distillery.steps.artifacts.SoftLabelArtifact;
import dev.distillery.steps.artifacts.StepStorage;
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.evaluation.Inference;
import dev.distillery.steps.model.ModelDescription;
import dev.distillery.steps.model.SavedModel;
import dev.distillery.steps.softlabels.SoftLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three ways a student learns from its teacher, each end to end through the CLI on the first
 * 3,000 Fashion-MNIST images for one epoch: stored soft labels of augmented views (replayed
 * exactly), the consistent mode (the fixed teacher in the student's step) and hint distillation.
 */
class DistillationModesIT {
    private static final String LIMIT = "3000";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    private static String teacher;

    @BeforeAll
    static void trainTeacher() {
        teacher = dir.resolve("teacher").toString();
        StepRun trained =
                ok(
                        "train",
                        "--model",
                        "cnn:8",
                        "--limit",
                        LIMIT,
                        "--epochs",
                        "1",
                        "--output",
                        teacher);
        assertThat(trained.metric("accuracy")).isGreaterThan(0.6);
    }

    @Test
    void storedViewsAreExactlyTheViewsTheStudentReplays() throws Exception {
        String soft = dir.resolve("soft").toString();
        StepRun labelled =
                ok(
                        "soft-labels",
                        "--teacher",
                        teacher,
                        "--limit",
                        LIMIT,
                        "--output",
                        soft,
                        "--augment",
                        "--views",
                        "2",
                        "--seed",
                        "7");
        // Calibration on the held-out split is measured and reported.
        assertThat(labelled.metric("calibratedTemperature")).isBetween(0.05, 20.0);
        assertThat(labelled.metric("nllAfter")).isLessThanOrEqualTo(labelled.metric("nllBefore"));
        try (StepStorage storage = new StepStorage()) {
            ImageDataset data =
                    DatasetSource.load(storage, DatasetSource.PACKAGED.toUri().toString(), 3000);
            SoftLabels stored = SoftLabelArtifact.read(storage, soft);
            Augmentation replayed = stored.augmentation().orElseThrow();
            Augmentation labelledWith = Augmentation.of(7, false);
            LabelledImages images = data.train();
            int[] samples = {0, 1, 2, 1234, 2999};
            // The student's epoch e sees view (e - 1) mod 2: byte for byte the teacher's view.
            boolean anyShifted = false;
            for (int view = 0; view < 2; view++) {
                for (int sample : samples) {
                    byte[] student = view(images, replayed, sample, view);
                    byte[] teacherView = view(images, labelledWith, sample, view);
                    assertThat(student)
                            .as("sample %d view %d", sample, view)
                            .isEqualTo(teacherView);
                    anyShifted |=
                            !java.util.Arrays.equals(
                                    student, view(images, Augmentation.of(8, false), sample, view));
                }
            }
            assertThat(anyShifted).as("another seed gives other views").isTrue();
            // And the stored logits of view 1 are the teacher's logits on the replayed view.
            Path teacherFolder = storage.fetch(StepStorage.canonical(teacher));
            try (Model model = SavedModel.load(teacherFolder, Device.cpu())) {
                ModelDescription d = ModelDescription.read(teacherFolder.resolve("model.json"));
                Inference inference =
                        new Inference(
                                model.getBlock(),
                                model.getNDManager(),
                                model.getNDManager().getDevice(),
                                d.normalization(),
                                512);
                float[] recomputed =
                        inference.logits(
                                images, samples, 0, samples.length, Optional.of(replayed), 1);
                // Batches of another size may round differently in the last bits.
                assertThat(stored.logits(samples, 0, samples.length, 1))
                        .containsExactly(recomputed, within(1e-4f));
            }
        }
        StepRun student =
                ok(
                        "train",
                        "--model",
                        "mlp:32",
                        "--limit",
                        LIMIT,
                        "--epochs",
                        "2",
                        "--output",
                        dir.resolve("stored-student").toString(),
                        "--teacher-logits",
                        soft);
        assertThat(student.err())
                .contains("training on the augmented views the teacher labelled (2 view(s)");
        assertThat(student.metric("accuracy")).isGreaterThan(0.5);
    }

    @Test
    void consistentStudentRunsTheFixedTeacherAndLeavesItUntouched() throws IOException {
        String params = digest(Path.of(teacher, "model-0000.params"));
        String output = dir.resolve("consistent").toString();
        StepRun student =
                ok(
                        "train",
                        "--model",
                        "mlp:32",
                        "--limit",
                        LIMIT,
                        "--epochs",
                        "2",
                        "--output",
                        output,
                        "--teacher",
                        teacher,
                        "--teacher",
                        teacher,
                        "--augment",
                        "--lr-schedule",
                        "cosine",
                        "--warmup-epochs",
                        "1",
                        "--early-stopping",
                        "1",
                        "--weight-decay",
                        "0.01");
        assertThat(student.err())
                .contains("as a consistent student of 2 teacher(s)")
                .contains("label every batch on the view the student trains on");
        assertThat(student.metric("accuracy")).isGreaterThan(0.5);
        JsonNode metrics = JSON.readTree(Path.of(output, "metrics.json").toFile());
        assertThat(metrics.get("softLabelsMode").asText()).isEqualTo("consistent");
        assertThat(metrics.get("ensembleCombine").asText()).isEqualTo("probabilities");
        assertThat(metrics.get("bestEpoch").asInt()).isBetween(1, 2);
        assertThat(metrics.get("lrSchedule").asText()).isEqualTo("cosine");
        assertThat(digest(Path.of(teacher, "model-0000.params"))).isEqualTo(params);
    }

    @Test
    void hintsTrainACnnStudentThroughAnAdapterAndRejectMismatchedPairs() throws IOException {
        String output = dir.resolve("hinted").toString();
        StepRun student =
                ok(
                        "train",
                        "--model",
                        "cnn:4",
                        "--limit",
                        LIMIT,
                        "--epochs",
                        "1",
                        "--output",
                        output,
                        "--teacher",
                        teacher,
                        "--hint-weight",
                        "1");
        assertThat(student.err()).contains("hint weight 1.0");
        assertThat(student.metric("accuracy")).isGreaterThan(0.5);
        JsonNode metrics = JSON.readTree(Path.of(output, "metrics.json").toFile());
        assertThat(metrics.get("hintWeight").asDouble()).isEqualTo(1.0);
        // The saved student is a plain cnn:4: the 1x1 adapter is not part of it.
        StepRun evaluated = ok("evaluate", "--model", output);
        assertThat(evaluated.metric("accuracy")).isGreaterThan(0.5);

        StepRun mismatched =
                StepRun.of(
                        "train",
                        "--model",
                        "cnn:4,4",
                        "--limit",
                        LIMIT,
                        "--epochs",
                        "1",
                        "--output",
                        dir.resolve("mismatched").toString(),
                        "--teacher",
                        teacher,
                        "--hint-weight",
                        "1");
        assertThat(mismatched.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(mismatched.err())
                .contains("student cnn:4,4 ends its conv blocks with 4x7x7")
                .contains("8x14x14");
        assertThat(Path.of(dir.toString(), "mismatched", "manifest.json")).doesNotExist();

        StepRun withoutTeacher =
                StepRun.of(
                        "train",
                        "--model",
                        "cnn:4",
                        "--limit",
                        LIMIT,
                        "--output",
                        dir.resolve("no-teacher").toString(),
                        "--hint-weight",
                        "1");
        assertThat(withoutTeacher.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(withoutTeacher.err())
                .contains("--hint-weight 1.0 needs the teacher in the step");
    }

    private static byte[] view(
            LabelledImages images, Augmentation augmentation, int sample, int view) {
        Augmentation.View v = augmentation.view(sample, view);
        int h = images.shape().height();
        int w = images.shape().width();
        byte[] out = new byte[h * w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                out[r * w + c] = (byte) v.pixel(images.read(sample), images.shape(), 0, r, c);
            }
        }
        return out;
    }

    private static String digest(Path file) throws IOException {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StepRun ok(String... args) {
        StepRun run = StepRun.of(args);
        assertThat(run.exitCode()).as("exit code; stderr:\n" + run.err()).isZero();
        return run;
    }
}
