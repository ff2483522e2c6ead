package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.model.ModelSpec;
import dev.distillery.steps.model.SavedModel;
import dev.distillery.steps.softlabels.SoftLabelHeader;
import dev.distillery.steps.softlabels.SoftLabelWriter;
import dev.distillery.steps.softlabels.SoftLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packed students on tiny synthetic images and stored soft labels: each packed student ends with
 * exactly the parameters (byte for byte) and the curve of the same student trained alone by {@link
 * TrainingRun}, whatever its pack-mates; a pack killed after an epoch and resumed ends where the
 * pack left alone does; early stopping ends one student while the others train on.
 */
class PackedTrainingTest {
    private static final ImageDataset IMAGES = SyntheticImages.of(300, 21, false);
    private static final int EPOCHS = 4;
    private static final int KILLED_AFTER = 2;
    private static final long SEED = 5;
    private static final String PARAMS = SavedModel.PARAMS_PREFIX + "-0000.params";
    private static final Map<String, String> INPUTS = Map.of("--teacher-logits", "file:///soft");

    @TempDir static Path dir;
    private static SoftLabels softLabels;
    private static List<PackedTrainingRun.Member> members;
    private static PackedTrainingResult whole;
    private static Path checkpoint;

    @BeforeAll
    static void trainWholeAndKilled() throws IOException {
        softLabels = noisyTeacher();
        members =
                List.of(
                        // Dropout in two of them: each draws its own masks, as it would alone.
                        member("student-a", "mlp:8;dropout=0.5", 2, 0.9, 0.01, "cosine", 0),
                        member("student-b", "cnn:4,8;dropout=0.3", 4, 0.5, 0.005, "constant", 0),
                        member("student-c", "mlp:16", 1, 0.0, 0.02, "constant", 0));
        whole = pack(members, Optional.empty(), f -> {}, "whole", new ArrayList<>());
        checkpoint = dir.resolve("checkpoint");
        assertThatThrownBy(
                        () ->
                                pack(
                                        members,
                                        Optional.empty(),
                                        folder -> {
                                            if (Checkpoint.read(folder).epoch() == KILLED_AFTER) {
                                                CheckpointFolders.copy(folder, checkpoint);
                                                throw new IllegalStateException("killed");
                                            }
                                        },
                                        "killed",
                                        new ArrayList<>()))
                .hasMessageContaining("killed");
    }

    @Test
    void eachPackedStudentEqualsTheSameStudentTrainedAlone() throws IOException {
        for (int k = 0; k < members.size(); k++) {
            PackedTrainingRun.Member member = members.get(k);
            Path alone = Files.createDirectories(dir.resolve("alone-" + member.network()));
            TrainingResult single =
                    new TrainingRun(
                                    member.settings(),
                                    INPUTS,
                                    new Device[] {Device.cpu()},
                                    0,
                                    l -> {})
                            .run(
                                    IMAGES,
                                    Optional.of(new StoredTeacher(softLabels)),
                                    Optional.empty(),
                                    f -> {},
                                    alone,
                                    Optional.empty());
            PackedTrainingResult.Student packed = whole.students().get(k);
            assertThat(packed.network()).isEqualTo(member.network());
            assertThat(losses(packed.result())).as(member.network()).isEqualTo(losses(single));
            assertThat(packed.result().validation().orElseThrow().accuracy())
                    .isEqualTo(single.validation().orElseThrow().accuracy());
            assertThat(Files.readAllBytes(packed.folder().resolve(PARAMS)))
                    .as(member.network() + " parameters")
                    .isEqualTo(Files.readAllBytes(alone.resolve(PARAMS)));
        }
    }

    @Test
    void everyStudentLearnsAndIsSavedAsItsOwnModel() {
        for (PackedTrainingResult.Student student : whole.students()) {
            // Three classes: chance is a third.
            assertThat(student.result().validation().orElseThrow().accuracy())
                    .as(student.network())
                    .isGreaterThan(0.6);
            assertThat(student.folder().resolve("model.json")).isRegularFile();
            assertThat(student.result().history()).hasSize(EPOCHS);
        }
    }

    @Test
    void aResumedPackEndsBitIdenticalToAnUninterruptedOne() throws IOException {
        List<String> log = new ArrayList<>();
        PackedTrainingResult resumed =
                pack(members, Optional.of(checkpoint), f -> {}, "resumed", log);

        assertThat(resumed.resumedFromEpoch()).isEqualTo(KILLED_AFTER);
        assertThat(log).contains("resuming after epoch 2 from the pack's checkpoint");
        for (int k = 0; k < members.size(); k++) {
            String network = members.get(k).network();
            assertThat(losses(resumed.students().get(k).result()))
                    .isEqualTo(losses(whole.students().get(k).result()));
            assertThat(Files.readAllBytes(dir.resolve("resumed").resolve(network).resolve(PARAMS)))
                    .as(network)
                    .isEqualTo(
                            Files.readAllBytes(
                                    dir.resolve("whole").resolve(network).resolve(PARAMS)));
        }
    }

    @Test
    void aCheckpointOfAnotherPackIsRefusedNamingTheDifference() {
        List<PackedTrainingRun.Member> other =
                List.of(
                        member("student-a", "mlp:8", 3, 0.9, 0.01, "cosine", 0),
                        members.get(1),
                        members.get(2));
        assertThatThrownBy(
                        () ->
                                pack(
                                        other,
                                        Optional.of(checkpoint),
                                        f -> {},
                                        "other",
                                        new ArrayList<>()))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("student-a --temperature 2.0 there, 3.0 in this run");
    }

    @Test
    void earlyStoppingEndsOneStudentWhileTheOthersTrainOn() throws IOException {
        // A learning rate this small barely moves: the validation accuracy stalls at once.
        List<PackedTrainingRun.Member> pack =
                List.of(
                        member("student-a", "mlp:8", 2, 0.9, 0.01, "cosine", 0),
                        member("student-slow", "mlp:8", 2, 0.9, 1e-9, "constant", 1));
        List<String> log = new ArrayList<>();
        PackedTrainingResult result = pack(pack, Optional.empty(), f -> {}, "early", log);

        assertThat(result.students().get(0).result().history()).hasSize(EPOCHS);
        TrainingResult slow = result.students().get(1).result();
        assertThat(slow.stoppedEarly()).isTrue();
        assertThat(slow.history()).hasSizeLessThan(EPOCHS);
        assertThat(log).anyMatch(line -> line.startsWith("student-slow stopped early after epoch"));
    }

    @Test
    void aStudentThatCannotShareTheBatchesIsRefused() {
        TrainingSettings first = members.get(0).settings();
        PackedTrainingRun.Member otherBatch =
                new PackedTrainingRun.Member(
                        "student-x",
                        settings("mlp:8", 2, 0.9, 0.01, "constant", 0, first.batchSize() * 2));
        assertThatThrownBy(
                        () ->
                                new PackedTrainingRun(
                                        List.of(members.get(0), otherBatch),
                                        INPUTS,
                                        Device.cpu(),
                                        0,
                                        l -> {}))
                .isInstanceOf(DistilleryException.class)
                .hasMessage(
                        "student-x cannot share the pack's batches: --batch-size 64 (the pack's"
                                + " is 32) must be the pack's");
    }

    private static PackedTrainingResult pack(
            List<PackedTrainingRun.Member> pack,
            Optional<Path> checkpoint,
            CheckpointSink sink,
            String output,
            List<String> log)
            throws IOException {
        return new PackedTrainingRun(pack, INPUTS, Device.cpu(), 0, log::add)
                .run(
                        IMAGES,
                        Optional.of(new StoredTeacher(softLabels)),
                        checkpoint,
                        sink,
                        Files.createDirectories(dir.resolve(output)));
    }

    private static PackedTrainingRun.Member member(
            String network,
            String model,
            double temperature,
            double alpha,
            double learningRate,
            String schedule,
            int earlyStopping) {
        return new PackedTrainingRun.Member(
                network,
                settings(model, temperature, alpha, learningRate, schedule, earlyStopping, 32));
    }

    /** AdamW, augmentation off, a validation split; the pack's seed and batch size. */
    private static TrainingSettings settings(
            String model,
            double temperature,
            double alpha,
            double learningRate,
            String schedule,
            int earlyStopping,
            int batchSize) {
        return new TrainingSettings(
                ModelSpec.parse(model),
                EPOCHS,
                batchSize,
                learningRate,
                SEED,
                "adam",
                0.9,
                0.01,
                0.2,
                false,
                false,
                temperature,
                alpha,
                schedule,
                0,
                earlyStopping,
                0,
                0);
    }

    /** A teacher that is right most of the time: a large logit at the label, small noise around. */
    private static SoftLabels noisyTeacher() throws IOException {
        LabelledImages train = IMAGES.train();
        int classes = IMAGES.classes();
        int[] labels = train.labels();
        java.util.Random random = new java.util.Random(3);
        float[] logits = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            for (int c = 0; c < classes; c++) {
                logits[i * classes + c] = (float) random.nextGaussian();
            }
            logits[i * classes + labels[i]] += 3f;
        }
        SoftLabelHeader header =
                new SoftLabelHeader(
                        labels.length,
                        classes,
                        0,
                        labels.length,
                        0,
                        1,
                        "fp32",
                        1,
                        null,
                        0,
                        false,
                        "single",
                        List.of("noisy"));
        Path folder = dir.resolve("soft");
        SoftLabelWriter.write(folder, header, new float[][] {logits});
        return SoftLabels.read("file://" + folder, List.of(folder));
    }

    private static List<Double> losses(TrainingResult result) {
        return result.history().stream().map(EpochRecord::loss).toList();
    }
}
