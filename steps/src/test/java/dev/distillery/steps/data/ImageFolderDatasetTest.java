package dev.distillery.steps.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ImageFolderDatasetTest {
    @TempDir Path dir;

    @Test
    void readsOneFolderPerClassWithTrainAndTestSplits() throws IOException {
        writeImages(dir.resolve("train/red"), 3, 0xff0000, 6, 5, BufferedImage.TYPE_INT_RGB);
        writeImages(dir.resolve("train/blue"), 2, 0x0000ff, 6, 5, BufferedImage.TYPE_INT_RGB);
        writeImages(dir.resolve("test/red"), 1, 0xff0000, 6, 5, BufferedImage.TYPE_INT_RGB);

        ImageDataset data = DatasetLoader.read(dir);

        assertThat(data.classNames()).containsExactly("blue", "red");
        assertThat(data.shape()).isEqualTo(new ImageShape(3, 5, 6));
        assertThat(data.train().labels()).containsExactly(0, 0, 1, 1, 1);
        assertThat(data.train().pixel(0, 2, 1, 1)).isEqualTo(255);
        assertThat(data.train().pixel(0, 0, 1, 1)).isZero();
        assertThat(data.train().pixel(4, 0, 4, 5)).isEqualTo(255);
        assertThat(data.test()).isPresent();
        assertThat(data.test().get().labels()).containsExactly(1);
    }

    @Test
    void grayscaleImagesHaveOneChannel() throws IOException {
        writeImages(dir.resolve("a"), 2, 0x808080, 4, 4, BufferedImage.TYPE_BYTE_GRAY);
        writeImages(dir.resolve("b"), 2, 0x000000, 4, 4, BufferedImage.TYPE_BYTE_GRAY);
        ImageDataset data = DatasetLoader.read(dir);
        assertThat(data.shape()).isEqualTo(new ImageShape(1, 4, 4));
        assertThat(data.test()).isEmpty();
        assertThat(data.classes()).isEqualTo(2);
    }

    @Test
    void grayscaleValuesAreReadAsStored() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(0, 0, 0, 37);
        image.getRaster().setSample(2, 1, 0, 200);
        ImageIO.write(image, "png", dir.resolve("a/0.png").toFile());
        ImageIO.write(image, "png", dir.resolve("b/0.png").toFile());
        ImageDataset data = DatasetLoader.read(dir);
        assertThat(data.train().pixel(0, 0, 0, 0)).isEqualTo(37);
        assertThat(data.train().pixel(1, 0, 1, 2)).isEqualTo(200);
        assertThat(data.train().pixel(1, 0, 0, 1)).isZero();
    }

    @Test
    void anImageOfAnotherSizeIsBadInputNamingIt() throws IOException {
        writeImages(dir.resolve("a"), 2, 0xffffff, 4, 4, BufferedImage.TYPE_INT_RGB);
        writeImages(dir.resolve("b"), 1, 0xffffff, 5, 4, BufferedImage.TYPE_INT_RGB);
        assertThatThrownBy(() -> DatasetLoader.read(dir))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining(dir.resolve("b/0.png").toString())
                .hasMessageContaining("is 3x4x5 but the dataset's images are 3x4x4");
    }

    @Test
    void aFolderWithoutDataIsBadInput() throws IOException {
        Files.writeString(dir.resolve("readme.txt"), "nothing");
        assertThatThrownBy(() -> DatasetLoader.read(dir))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("holds neither IDX files");
    }

    /** Writes {@code count} images of one colour (with a white last pixel) into {@code folder}. */
    public static void writeImages(Path folder, int count, int rgb, int width, int height, int type)
            throws IOException {
        Files.createDirectories(folder);
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(width, height, type);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    image.setRGB(x, y, rgb);
                }
            }
            image.setRGB(width - 1, height - 1, 0xffffff);
            ImageIO.write(image, "png", folder.resolve(i + ".png").toFile());
        }
    }
}
