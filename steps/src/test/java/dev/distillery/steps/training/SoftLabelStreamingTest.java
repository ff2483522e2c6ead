package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.evaluation.Inference;
import dev.distillery.steps.model.ModelDescription;
import dev.distillery.steps.model.ModelSpec;
import dev.distillery.steps.model.SavedModel;
import dev.distillery.steps.softlabels.EnsembleCombination;
import dev.distillery.steps.softlabels.SoftLabelRun;
import dev.distillery.steps.softlabels.SoftLabels;
import dev.distillery.steps.softlabels.TeacherEnsemble;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soft labels written batch by batch (an ensemble's members through temporary files, two shards,
 * two augmented views, reader threads) and read back row by row from the mapped shards equal the
 * members' logits combined in memory.
 */
class SoftLabelStreamingTest {
    private static final ImageDataset DATA = SyntheticImages.of(150, 6, false);
    private static final Augmentation AUGMENTATION = Augmentation.of(3, true);

    @TempDir static Path dir;
    private static List<Path> members;

    @BeforeAll
    static void trainTwoMembers() throws IOException {
        members = new ArrayList<>();
        for (long seed : new long[] {1, 2}) {
            Path folder = Files.createDirectories(dir.resolve("member-" + seed));
            new TrainingRun(settings(seed), new Device[] {Device.cpu()}, line -> {})
                    .run(
                            DATA,
                            Optional.empty(),
                            Optional.empty(),
                            f -> {},
                            folder,
                            Optional.empty());
            members.add(folder);
        }
    }

    @Test
    void streamedEnsembleShardsEqualTheMembersCombinedInMemory() throws IOException {
        TeacherEnsemble ensemble =
                new TeacherEnsemble(
                        members,
                        EnsembleCombination.PROBABILITIES,
                        Device.cpu(),
                        DATA.classNames());
        List<Path> shards = new ArrayList<>();
        for (int shard = 0; shard < 2; shard++) {
            Path folder = dir.resolve("shard-" + shard);
            SoftLabelRun.Result result =
                    new SoftLabelRun(
                                    ensemble,
                                    new SoftLabelRun.Settings(
                                            "fp32",
                                            Optional.of(AUGMENTATION),
                                            2,
                                            0.2,
                                            42,
                                            false,
                                            16,
                                            2,
                                            List.of("m1", "m2")),
                                    line -> {})
                            .run(DATA, shard, 2, folder);
            assertThat(result.bytes()).isEqualTo(2L * 75 * 3 * 4);
            assertThat(result.calibration()).isPresent();
            shards.add(folder);
        }
        SoftLabels read = SoftLabels.read("file://" + dir, shards);
        int[] all = new int[DATA.train().count()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        for (int view = 0; view < 2; view++) {
            float[][] perMember = new float[2][];
            for (int m = 0; m < 2; m++) {
                perMember[m] = memberLogits(members.get(m), all, view);
            }
            float[] expected = EnsembleCombination.PROBABILITIES.combine(perMember, all.length);
            assertThat(read.logits(all, 0, all.length, view))
                    .as("view %d", view)
                    .containsExactly(expected, within(1e-5f));
        }
    }

    private static float[] memberLogits(Path folder, int[] samples, int view) {
        try (Model model = SavedModel.load(folder, Device.cpu())) {
            ModelDescription d = ModelDescription.read(folder.resolve("model.json"));
            return new Inference(
                            model.getBlock(),
                            model.getNDManager(),
                            model.getNDManager().getDevice(),
                            d.normalization(),
                            64)
                    .logits(
                            DATA.train(),
                            samples,
                            0,
                            samples.length,
                            Optional.of(AUGMENTATION),
                            view);
        }
    }

    private static TrainingSettings settings(long seed) {
        return new TrainingSettings(
                ModelSpec.parse("mlp:8"),
                1,
                32,
                0.01,
                seed,
                "adam",
                0.9,
                0,
                0.2,
                false,
                false,
                2,
                0.5);
    }
}
