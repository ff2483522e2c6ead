package dev.distillery.steps.evaluation;

import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.data.ValidationSplit;
import java.util.stream.IntStream;

/**
 * The samples a model is scored on: the whole test split, or, for data without one, the validation
 * split that training held out.
 *
 * @param images the images the samples index
 * @param samples the indices scored
 * @param name {@code test} or {@code validation}
 */
public record ScoredSplit(LabelledImages images, int[] samples, String name) {

    /**
     * The test split of {@code data}, else its validation split ({@code validationFraction} of the
     * training images, drawn with {@code seed} as training drew it).
     */
    public static ScoredSplit of(ImageDataset data, double validationFraction, long seed) {
        if (data.test().isPresent()) {
            LabelledImages test = data.test().get();
            return new ScoredSplit(test, IntStream.range(0, test.count()).toArray(), "test");
        }
        LabelledImages train = data.train();
        return new ScoredSplit(
                train,
                ValidationSplit.of(train.count(), validationFraction, seed).validation(),
                "validation");
    }
}
