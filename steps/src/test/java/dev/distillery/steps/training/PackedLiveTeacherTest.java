package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.ViewBatch;
import dev.distillery.steps.imported.Teachers;
import dev.distillery.steps.model.SavedModel;
import dev.distillery.steps.softlabels.EnsembleCombination;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packs of consistent students: the teacher in the step labels each augmented batch once for the
 * whole pack, hint features included, and every packed student ends byte for byte where its own
 * consistent run would, with or without hints.
 */
class PackedLiveTeacherTest {
    private static final ImageDataset DATA = SyntheticImages.of(300, 5, false);
    private static final int EPOCHS = 3;
    private static final String PARAMS = SavedModel.PARAMS_PREFIX + "-0000.params";
    private static final Map<String, String> INPUTS = Map.of("--teacher", "file:///teacher");

    @TempDir static Path dir;
    private static Path teacherFolder;

    @BeforeAll
    static void trainTeacher() throws IOException {
        teacherFolder = Files.createDirectories(dir.resolve("teacher"));
        new TrainingRun(settings("cnn:4", 2, 0, false), new Device[] {Device.cpu()}, line -> {})
                .run(
                        DATA,
                        Optional.empty(),
                        Optional.empty(),
                        f -> {},
                        teacherFolder,
                        Optional.empty());
    }

    @Test
    void eachStudentOfALivePackEndsAsItsOwnConsistentRun() throws IOException {
        List<PackedTrainingRun.Member> members =
                List.of(
                        new PackedTrainingRun.Member(
                                "student-hinted", settings("cnn:3", EPOCHS, 1.0, true)),
                        // Dropout too: it draws its own masks, as it would alone.
                        new PackedTrainingRun.Member(
                                "student-plain", settings("mlp:8;dropout=0.5", EPOCHS, 0, true)));
        PackedTrainingResult packed;
        try (ConsistentTeacher teacher = load(true)) {
            packed = pack(members, teacher, "pack");
        }
        for (int k = 0; k < members.size(); k++) {
            TrainingSettings own = members.get(k).settings();
            Path alone = Files.createDirectories(dir.resolve("alone-" + k));
            TrainingResult single;
            // Alone, a student without hints loads its teacher without the hint layer.
            try (ConsistentTeacher teacher = load(own.hintWeight() > 0)) {
                single =
                        new TrainingRun(own, INPUTS, new Device[] {Device.cpu()}, 0, l -> {})
                                .run(
                                        DATA,
                                        Optional.of(teacher),
                                        Optional.empty(),
                                        f -> {},
                                        alone,
                                        Optional.empty());
            }
            PackedTrainingResult.Student student = packed.students().get(k);
            assertThat(losses(student.result())).as(student.network()).isEqualTo(losses(single));
            assertThat(Files.readAllBytes(student.folder().resolve(PARAMS)))
                    .as(student.network() + " parameters")
                    .isEqualTo(Files.readAllBytes(alone.resolve(PARAMS)));
            assertThat(student.result().validation().orElseThrow().accuracy())
                    .as(student.network())
                    .isGreaterThan(0.6);
        }
    }

    @Test
    void theTeacherLabelsEachBatchOnceForTheWholePack() throws IOException {
        List<PackedTrainingRun.Member> members =
                List.of(
                        new PackedTrainingRun.Member(
                                "student-a", settings("mlp:8", EPOCHS, 0, true)),
                        new PackedTrainingRun.Member(
                                "student-b", settings("mlp:16", EPOCHS, 0, true)),
                        new PackedTrainingRun.Member(
                                "student-c", settings("cnn:3", EPOCHS, 0, true)));
        PackedTrainingResult packed;
        CountingTeacher counting;
        try (ConsistentTeacher teacher = load(false)) {
            counting = new CountingTeacher(teacher);
            packed = pack(members, counting, "counted");
        }
        int trainSamples = packed.students().get(0).result().trainSamples();
        int batchesPerEpoch = (trainSamples + 31) / 32;
        assertThat(counting.batches.get()).isEqualTo(EPOCHS * batchesPerEpoch);
    }

    private static PackedTrainingResult pack(
            List<PackedTrainingRun.Member> members, TeacherSignal teacher, String output)
            throws IOException {
        return new PackedTrainingRun(members, INPUTS, Device.cpu(), 0, l -> {})
                .run(
                        DATA,
                        Optional.of(teacher),
                        Optional.empty(),
                        f -> {},
                        Files.createDirectories(dir.resolve(output)));
    }

    private static List<Double> losses(TrainingResult result) {
        return result.history().stream().map(EpochRecord::loss).toList();
    }

    private static ConsistentTeacher load(boolean hints) {
        return ConsistentTeacher.load(
                List.of(teacherFolder),
                List.of(teacherFolder.toString()),
                new Teachers.DataFit(DATA.shape(), DATA.classNames(), DATA.name()),
                EnsembleCombination.PROBABILITIES,
                hints,
                Device.cpu());
    }

    /** Adam, a validation split, batches of 32, seed 3: what a pack's students share. */
    private static TrainingSettings settings(
            String model, int epochs, double hintWeight, boolean augment) {
        TrainingSettings plain = ConsistentTeacherTest.settings(model, epochs, hintWeight);
        return augment ? ConsistentTeacherTest.augmented(plain) : plain;
    }

    /** A teacher signal that counts the batches it labels. */
    private static final class CountingTeacher implements TeacherSignal {
        private final TeacherSignal teacher;
        private final AtomicInteger batches = new AtomicInteger();

        CountingTeacher(TeacherSignal teacher) {
            this.teacher = teacher;
        }

        @Override
        public int classes() {
            return teacher.classes();
        }

        @Override
        public Optional<Augmentation> requiredAugmentation() {
            return teacher.requiredAugmentation();
        }

        @Override
        public int view(int epoch) {
            return teacher.view(epoch);
        }

        @Override
        public boolean labelsOnAnyThread() {
            return teacher.labelsOnAnyThread();
        }

        @Override
        public TeacherBatch label(ViewBatch batch) {
            batches.incrementAndGet();
            return teacher.label(batch);
        }
    }
}
