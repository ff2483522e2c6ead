package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import dev.distillery.steps.data.DatasetLoader;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.ImageFiles;
import dev.distillery.steps.model.ModelDescription;
import dev.distillery.steps.model.ModelSpec;
import dev.distillery.steps.model.SavedModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Colour images streamed from disk: decoded batch by batch, normalized per channel with the
 * training part's statistics, and trained to the same parameters whether batches are read on the
 * training thread or ahead of it on worker threads.
 */
class ImageFolderTrainingTest {
    private static final String PARAMS = SavedModel.PARAMS_PREFIX + "-0000.params";

    @TempDir static Path dir;
    private static ImageDataset data;

    @BeforeAll
    static void writeColourImages() throws IOException {
        // Red channel bright, green mid, blue dark: three different channel statistics.
        Random random = new Random(3);
        for (String name : new String[] {"left", "right"}) {
            Path folder = Files.createDirectories(dir.resolve("data").resolve(name));
            for (int i = 0; i < 60; i++) {
                BufferedImage image = new BufferedImage(6, 5, BufferedImage.TYPE_3BYTE_BGR);
                for (int y = 0; y < 5; y++) {
                    for (int x = 0; x < 6; x++) {
                        boolean lit = name.equals("left") ? x < 3 : x >= 3;
                        int red = 200 + random.nextInt(50);
                        int green = (lit ? 150 : 50) + random.nextInt(20);
                        int blue = random.nextInt(30);
                        image.setRGB(x, y, (red << 16) | (green << 8) | blue);
                    }
                }
                ImageIO.write(image, "png", folder.resolve(i + ".png").toFile());
            }
        }
        data = DatasetLoader.read(dir.resolve("data"));
    }

    @Test
    void imagesStayOnDiskAndEachChannelHasItsOwnStatistics() throws IOException {
        assertThat(data.train()).isInstanceOf(ImageFiles.class);
        TrainingResult result = train(0, "inline");
        ModelDescription description = result.description();
        assertThat(description.channelMean()).hasSize(3);
        assertThat(description.channelMean()[0]).isCloseTo(224.5 / 255, within(0.02));
        assertThat(description.channelMean()[1]).isCloseTo(109.5 / 255, within(0.03));
        assertThat(description.channelMean()[2]).isCloseTo(14.5 / 255, within(0.02));
        assertThat(description.channelStd()[1]).isGreaterThan(description.channelStd()[0]);
        assertThat(result.validation().orElseThrow().accuracy()).isGreaterThan(0.9);
    }

    @Test
    void workersChangeNothingButWhereBatchesAreRead() throws IOException {
        TrainingResult inline = train(0, "zero-workers");
        TrainingResult ahead = train(2, "two-workers");
        assertThat(ahead.history().get(2).loss()).isEqualTo(inline.history().get(2).loss());
        assertThat(Files.readAllBytes(dir.resolve("two-workers").resolve(PARAMS)))
                .isEqualTo(Files.readAllBytes(dir.resolve("zero-workers").resolve(PARAMS)));
    }

    private static TrainingResult train(int workers, String output) throws IOException {
        TrainingSettings settings =
                new TrainingSettings(
                        ModelSpec.parse("mlp:8"),
                        3,
                        16,
                        0.01,
                        1,
                        "adam",
                        0.9,
                        0,
                        0.2,
                        true,
                        false,
                        2,
                        0.5);
        return new TrainingRun(
                        settings,
                        java.util.Map.of(),
                        new Device[] {Device.cpu()},
                        workers,
                        line -> {})
                .run(
                        data,
                        Optional.empty(),
                        Optional.empty(),
                        folder -> {},
                        Files.createDirectories(dir.resolve(output)),
                        Optional.empty());
    }
}
