package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
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
 * A resumed run continues only the run it belongs to: a network with dropout ends bit for bit as
 * the same run left alone, and a rerun that asks for another seed, limit or batch size is refused,
 * naming what differs, with the checkpoint left as it was.
 */
class ResumeSettingsTest {
    private static final Device[] CPU = {Device.cpu()};
    private static final ImageDataset IMAGES = SyntheticImages.of(300, 5, false);
    private static final int EPOCHS = 4;
    private static final int KILLED_AFTER = 2;
    private static final String PARAMS = SavedModel.PARAMS_PREFIX + "-0000.params";
    private static final Map<String, String> INPUTS =
            Map.of("--data", "file:///data/synthetic", "--limit", "0");

    @TempDir static Path dir;
    private static Path checkpoint;

    @BeforeAll
    static void trainWholeAndKilled() throws IOException {
        train(settings(7, 32), INPUTS, Optional.empty(), f -> {}, "whole");
        checkpoint = dir.resolve("checkpoint");
        assertThatThrownBy(
                        () ->
                                train(
                                        settings(7, 32),
                                        INPUTS,
                                        Optional.empty(),
                                        killedAfter(checkpoint),
                                        "killed"))
                .hasMessageContaining("killed");
    }

    @Test
    void dropoutResumesExactly() throws IOException {
        TrainingResult resumed =
                train(settings(7, 32), INPUTS, Optional.of(checkpoint), f -> {}, "resumed");
        assertThat(resumed.resumedFromEpoch()).isEqualTo(KILLED_AFTER);
        assertThat(Files.readAllBytes(dir.resolve("resumed").resolve(PARAMS)))
                .isEqualTo(Files.readAllBytes(dir.resolve("whole").resolve(PARAMS)));
    }

    @Test
    void anotherSeedOrBatchSizeIsRefusedNamingBoth() throws IOException {
        byte[] before = Files.readAllBytes(checkpoint.resolve(PARAMS));
        assertThatThrownBy(
                        () ->
                                train(
                                        settings(8, 16),
                                        INPUTS,
                                        Optional.of(checkpoint),
                                        f -> {},
                                        "other-seed"))
                .isInstanceOf(DistilleryException.class)
                .satisfies(
                        e ->
                                assertThat(((DistilleryException) e).exitCode())
                                        .isEqualTo(ExitCodes.BAD_INPUT))
                .hasMessageContaining("--seed 7 there, 8 in this run")
                .hasMessageContaining("--batch-size 32 there, 16 in this run");
        assertThat(Files.readAllBytes(checkpoint.resolve(PARAMS))).isEqualTo(before);
    }

    @Test
    void anotherLimitOrDataIsRefused() {
        assertThatThrownBy(
                        () ->
                                train(
                                        settings(7, 32),
                                        Map.of("--data", "file:///data/other", "--limit", "200"),
                                        Optional.of(checkpoint),
                                        f -> {},
                                        "other-data"))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("--data file:///data/synthetic there, file:///data/other")
                .hasMessageContaining("--limit 0 there, 200 in this run");
    }

    private static TrainingResult train(
            TrainingSettings settings,
            Map<String, String> inputs,
            Optional<Path> from,
            CheckpointSink sink,
            String output)
            throws IOException {
        List<String> log = new ArrayList<>();
        return new TrainingRun(settings, inputs, CPU, 0, log::add)
                .run(
                        IMAGES,
                        Optional.empty(),
                        from,
                        sink,
                        Files.createDirectories(dir.resolve(output)),
                        Optional.empty());
    }

    private static CheckpointSink killedAfter(Path saved) {
        return folder -> {
            if (Checkpoint.read(folder).epoch() == KILLED_AFTER) {
                CheckpointFolders.copy(folder, saved);
                throw new IllegalStateException("killed after epoch " + KILLED_AFTER);
            }
        };
    }

    /** A network with dropout, so every epoch draws from the engine's generator. */
    private static TrainingSettings settings(long seed, int batchSize) {
        return new TrainingSettings(
                ModelSpec.parse("mlp:32;dropout=0.5"),
                EPOCHS,
                batchSize,
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
