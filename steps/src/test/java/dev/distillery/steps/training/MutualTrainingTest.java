package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.model.ModelSpec;
import dev.distillery.steps.model.SavedModel;
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
 * An online group (a teacher and two students) on tiny synthetic images: every network learns, the
 * teacher's warm-up leaves the students waiting, and a group killed after an epoch and resumed from
 * its checkpoint ends with exactly the parameters of the group left alone.
 */
class MutualTrainingTest {
    private static final ImageDataset IMAGES = SyntheticImages.of(300, 21, false);
    private static final int EPOCHS = 4;
    private static final int WARMUP = 1;
    private static final int KILLED_AFTER = 2;
    private static final String PARAMS = SavedModel.PARAMS_PREFIX + "-0000.params";
    private static final List<MutualTrainingRun.Peer> PEERS =
            List.of(
                    new MutualTrainingRun.Peer("teacher", ModelSpec.parse("mlp:32")),
                    new MutualTrainingRun.Peer("student-a", ModelSpec.parse("mlp:8")),
                    new MutualTrainingRun.Peer("student-b", ModelSpec.parse("mlp:4;dropout=0.2")));

    @TempDir static Path dir;
    private static MutualTrainingResult whole;
    private static Path checkpoint;

    @BeforeAll
    static void trainWholeAndKilled() throws IOException {
        whole = train(Optional.empty(), f -> {}, "whole", new ArrayList<>());
        checkpoint = dir.resolve("checkpoint");
        assertThatThrownBy(
                        () ->
                                train(
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
    void everyNetworkLearnsAndIsSavedAsAModel() {
        assertThat(whole.networks())
                .extracting(MutualTrainingResult.Network::network)
                .containsExactly("teacher", "student-a", "student-b");
        for (MutualTrainingResult.Network network : whole.networks()) {
            // Three classes: chance is a third; a few epochs on shifted views reach well above it.
            assertThat(network.validation().orElseThrow().accuracy())
                    .as(network.network())
                    .isGreaterThan(0.6);
            assertThat(network.folder().resolve(PARAMS)).isRegularFile();
            assertThat(network.folder().resolve("model.json")).isRegularFile();
        }
        assertThat(whole.networks().get(0).description().parameters())
                .isGreaterThan(whole.networks().get(1).description().parameters());
    }

    @Test
    void studentsWaitWhileTheTeacherWarmsUp() {
        assertThat(whole.networks().get(0).history())
                .extracting(EpochRecord::epoch)
                .containsExactly(1, 2, 3, 4);
        assertThat(whole.networks().get(1).history())
                .extracting(EpochRecord::epoch)
                .containsExactly(2, 3, 4);
    }

    @Test
    void aResumedGroupEndsBitIdenticalToAnUninterruptedOne() throws IOException {
        for (MutualTrainingRun.Peer peer : PEERS) {
            assertThat(checkpoint.resolve(peer.network()).resolve(FusedAdam.FILE)).isRegularFile();
        }
        List<String> log = new ArrayList<>();
        MutualTrainingResult resumed = train(Optional.of(checkpoint), f -> {}, "resumed", log);

        assertThat(resumed.resumedFromEpoch()).isEqualTo(KILLED_AFTER);
        assertThat(log).contains("resuming after epoch " + KILLED_AFTER + " from the checkpoint");
        for (int k = 0; k < PEERS.size(); k++) {
            String network = PEERS.get(k).network();
            assertThat(losses(resumed.networks().get(k)))
                    .isEqualTo(losses(whole.networks().get(k)));
            assertThat(Files.readAllBytes(dir.resolve("resumed").resolve(network).resolve(PARAMS)))
                    .as(network)
                    .isEqualTo(
                            Files.readAllBytes(
                                    dir.resolve("whole").resolve(network).resolve(PARAMS)));
        }
    }

    @Test
    void aCheckpointOfAnotherGroupIsRefusedNamingTheDifference() {
        assertThatThrownBy(
                        () ->
                                new MutualTrainingRun(
                                                settings(2.0),
                                                PEERS,
                                                WARMUP,
                                                Map.of("--student", "a=mlp:8,b=mlp:4"),
                                                Device.cpu(),
                                                0,
                                                line -> {})
                                        .run(
                                                IMAGES,
                                                Optional.of(checkpoint),
                                                f -> {},
                                                Files.createDirectories(dir.resolve("other"))))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("--temperature 1.0 there, 2.0 in this run");
    }

    private static MutualTrainingResult train(
            Optional<Path> checkpoint, CheckpointSink sink, String output, List<String> log)
            throws IOException {
        return new MutualTrainingRun(
                        settings(1.0),
                        PEERS,
                        WARMUP,
                        Map.of("--student", "a=mlp:8,b=mlp:4"),
                        Device.cpu(),
                        0,
                        log::add)
                .run(IMAGES, checkpoint, sink, Files.createDirectories(dir.resolve(output)));
    }

    /** AdamW with a cosine schedule, augmented views, a validation split, mutual term T, 0.5. */
    private static TrainingSettings settings(double temperature) {
        return new TrainingSettings(
                ModelSpec.parse("mlp:32"),
                EPOCHS,
                32,
                0.01,
                5,
                "adam",
                0.9,
                0.01,
                0.2,
                true,
                false,
                temperature,
                0.5,
                "cosine",
                0,
                0,
                0,
                0);
    }

    private static List<Double> losses(MutualTrainingResult.Network network) {
        return network.history().stream().map(EpochRecord::loss).toList();
    }
}
