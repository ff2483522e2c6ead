package dev.distillery.steps.training;

import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.ImageShape;
import dev.distillery.steps.data.ImagesInMemory;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Tiny seeded 1x8x8 image sets for training tests that must run in seconds. */
final class SyntheticImages {

    private SyntheticImages() {}

    /**
     * Three classes, each a bright 4x4 square in its own corner over noise; with {@code
     * randomLabels}, labels unrelated to the images (validation accuracy wanders around chance).
     */
    static ImageDataset of(int count, long seed, boolean randomLabels) {
        ImageShape shape = new ImageShape(1, 8, 8);
        Random random = new Random(seed);
        byte[] pixels = new byte[count * shape.size()];
        int[] labels = new int[count];
        for (int s = 0; s < count; s++) {
            int label = random.nextInt(3);
            labels[s] = randomLabels ? random.nextInt(3) : label;
            int top = label == 2 ? 4 : 0;
            int left = label == 1 ? 4 : 0;
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    boolean inside = r >= top && r < top + 4 && c >= left && c < left + 4;
                    int value = (inside ? 180 : 20) + random.nextInt(60);
                    pixels[s * shape.size() + r * 8 + c] = (byte) value;
                }
            }
        }
        return new ImageDataset(
                "synthetic",
                new ImagesInMemory(pixels, labels, shape),
                Optional.empty(),
                List.of("a", "b", "c"));
    }
}
