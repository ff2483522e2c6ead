package dev.distillery.steps.data;

import java.util.SplittableRandom;

/**
 * Seeded augmentation: a random shift of up to {@code maxShift} pixels in each direction (the
 * uncovered border filled with the background value 0) and, if enabled, a horizontal flip. The view
 * of a sample depends only on {@code (seed, sample, view)}, so a student replays exactly the view a
 * teacher labelled.
 *
 * @param seed the augmentation seed
 * @param maxShift the largest shift in pixels
 * @param flip whether half of the views are mirrored left to right
 */
public record Augmentation(long seed, int maxShift, boolean flip) {

    /** The default augmentation: shifts of up to 2 pixels, no flip (digits and clothes). */
    public static Augmentation withSeed(long seed) {
        return new Augmentation(seed, 2, false);
    }

    /** Shifts of up to 2 pixels and, if {@code flip}, mirroring of half of the views. */
    public static Augmentation of(long seed, boolean flip) {
        return new Augmentation(seed, 2, flip);
    }

    /** The transformation of view {@code view} of sample {@code sample}. */
    public View view(int sample, int view) {
        long mixed = seed * 0x9E3779B97F4A7C15L + sample * 0xBF58476D1CE4E5B9L + view;
        SplittableRandom random = new SplittableRandom(mixed);
        int dx = random.nextInt(2 * maxShift + 1) - maxShift;
        int dy = random.nextInt(2 * maxShift + 1) - maxShift;
        boolean mirrored = flip && random.nextBoolean();
        return new View(dx, dy, mirrored);
    }

    /**
     * One view: output pixel {@code (r, c)} takes input pixel {@code (r - dy, c' - dx)} where
     * {@code c'} is {@code c} or its mirror.
     */
    public record View(int dx, int dy, boolean mirrored) {

        /**
         * The source pixel value of {@code image} (raw, channels first) for output {@code (row,
         * column)}, or 0 outside the image.
         */
        public int pixel(byte[] image, ImageShape shape, int channel, int row, int column) {
            int c = mirrored ? shape.width() - 1 - column : column;
            int sourceRow = row - dy;
            int sourceColumn = c - dx;
            if (sourceRow < 0
                    || sourceRow >= shape.height()
                    || sourceColumn < 0
                    || sourceColumn >= shape.width()) {
                return 0;
            }
            return image[(channel * shape.height() + sourceRow) * shape.width() + sourceColumn]
                    & 0xff;
        }

        /** Writes this view of {@code image} (raw, channels first) into {@code out} at offset. */
        public void apply(byte[] image, ImageShape shape, byte[] out, int offset) {
            int k = offset;
            for (int channel = 0; channel < shape.channels(); channel++) {
                for (int row = 0; row < shape.height(); row++) {
                    for (int column = 0; column < shape.width(); column++) {
                        out[k++] = (byte) pixel(image, shape, channel, row, column);
                    }
                }
            }
        }
    }
}
