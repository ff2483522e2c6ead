package dev.distillery.steps.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded split of the training images into the part a network trains on and a held-out validation
 * part: the same seed and count give the same split in every step.
 *
 * @param train indices of the images to train on, ascending
 * @param validation indices of the held-out images, ascending
 */
public record ValidationSplit(int[] train, int[] validation) {

    /** The steps' default {@code --split-seed}, the same in every step, as option text. */
    public static final String DEFAULT_SEED = "42";

    /** The steps' default {@code --val-fraction}, the same in every step, as option text. */
    public static final String DEFAULT_FRACTION = "0.1";

    /** Holds out {@code fraction} of {@code count} images, chosen by {@code seed}. */
    public static ValidationSplit of(int count, double fraction, long seed) {
        if (fraction < 0 || fraction >= 1) {
            throw new IllegalArgumentException("validation fraction must be in [0,1): " + fraction);
        }
        int[] order = permutation(count, seed);
        int held = (int) Math.round(count * fraction);
        int[] validation = Arrays.copyOfRange(order, 0, held);
        int[] train = Arrays.copyOfRange(order, held, count);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new ValidationSplit(train, validation);
    }

    /** A seeded random permutation of {@code 0..count-1}. */
    public static int[] permutation(int count, long seed) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
