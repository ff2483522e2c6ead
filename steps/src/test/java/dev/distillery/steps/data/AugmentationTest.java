package dev.distillery.steps.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    private final LabelledImages images = ramp(20);
    private final Normalization identity = new Normalization(0, 1.0 / 255);
    private final int[] all = java.util.stream.IntStream.range(0, 20).toArray();

    @Test
    void sameSeedSampleAndViewGiveTheSamePixels() {
        float[] first =
                ImageBatch.pixels(
                        images, all, 0, 20, identity, Optional.of(Augmentation.withSeed(5)), 3);
        float[] again =
                ImageBatch.pixels(
                        images, all, 0, 20, identity, Optional.of(Augmentation.withSeed(5)), 3);
        assertThat(again).containsExactly(first);
    }

    @Test
    void aSampleLooksTheSameInAnyBatchPosition() {
        Augmentation augmentation = Augmentation.withSeed(9);
        int[] reversed = new int[20];
        for (int i = 0; i < 20; i++) {
            reversed[i] = 19 - i;
        }
        float[] inOrder =
                ImageBatch.pixels(images, all, 4, 5, identity, Optional.of(augmentation), 2);
        float[] elsewhere =
                ImageBatch.pixels(images, reversed, 15, 16, identity, Optional.of(augmentation), 2);
        assertThat(elsewhere).containsExactly(inOrder);
    }

    @Test
    void viewsAndSeedsDiffer() {
        Set<Augmentation.View> views = new HashSet<>();
        for (int view = 0; view < 20; view++) {
            views.add(Augmentation.withSeed(1).view(3, view));
        }
        assertThat(views.size()).isGreaterThan(5);
        int differing = 0;
        for (int sample = 0; sample < 20; sample++) {
            if (!Augmentation.withSeed(1)
                    .view(sample, 0)
                    .equals(Augmentation.withSeed(2).view(sample, 0))) {
                differing++;
            }
        }
        assertThat(differing).isGreaterThan(10);
    }

    @Test
    void shiftMovesPixelsAndFillsTheBorderWithBackground() {
        Augmentation.View right = new Augmentation.View(1, 0, false);
        ImageShape shape = images.shape();
        assertThat(right.pixel(images.read(0), shape, 0, 2, 0)).isZero();
        assertThat(right.pixel(images.read(0), shape, 0, 2, 3)).isEqualTo(images.pixel(0, 0, 2, 2));
        Augmentation.View mirrored = new Augmentation.View(0, 0, true);
        assertThat(mirrored.pixel(images.read(1), shape, 0, 0, 0))
                .isEqualTo(images.pixel(1, 0, 0, 5));
        byte[] applied = new byte[shape.size()];
        right.apply(images.read(0), shape, applied, 0);
        assertThat(applied[2 * 6 + 3] & 0xff).isEqualTo(images.pixel(0, 0, 2, 2));
        assertThat(applied[2 * 6]).isZero();
    }

    @Test
    void flipMirrorsAboutHalfOfTheViews() {
        Augmentation flipping = Augmentation.of(4, true);
        int mirrored = 0;
        for (int sample = 0; sample < 200; sample++) {
            if (flipping.view(sample, 0).mirrored()) {
                mirrored++;
            }
            assertThat(Augmentation.of(4, false).view(sample, 0).mirrored()).isFalse();
        }
        assertThat(mirrored).isBetween(70, 130);
    }

    @Test
    void validationSplitIsSeededAndDisjoint() {
        ValidationSplit a = ValidationSplit.of(1000, 0.1, 42);
        ValidationSplit b = ValidationSplit.of(1000, 0.1, 42);
        ValidationSplit c = ValidationSplit.of(1000, 0.1, 43);
        assertThat(a.validation()).hasSize(100).containsExactly(b.validation());
        assertThat(a.validation()).isNotEqualTo(c.validation());
        Set<Integer> seen = new HashSet<>();
        for (int i : a.train()) {
            seen.add(i);
        }
        for (int i : a.validation()) {
            assertThat(seen.add(i)).isTrue();
        }
        assertThat(seen).hasSize(1000);
    }

    private static LabelledImages ramp(int count) {
        byte[] pixels = new byte[count * 36];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i % 251);
        }
        return new ImagesInMemory(pixels, new int[count], new ImageShape(1, 6, 6));
    }
}
