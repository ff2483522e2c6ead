package dev.distillery.steps.data;

import java.util.List;
import java.util.Optional;

/**
 * A classification dataset: its training images, its test images if it has a test split, and the
 * names of its classes.
 *
 * @param name where the dataset came from, for messages and metrics
 * @param train the training images (a validation split is taken from these)
 * @param test the test images, if the dataset has them
 * @param classNames one name per class index
 */
public record ImageDataset(
        String name, LabelledImages train, Optional<LabelledImages> test, List<String> classNames) {

    /** Number of classes. */
    public int classes() {
        return classNames.size();
    }

    /** The shape of every image. */
    public ImageShape shape() {
        return train.shape();
    }

    /** This dataset with only the first {@code limit} training images ({@code 0} keeps all). */
    public ImageDataset limitTraining(int limit) {
        return limit <= 0 ? this : new ImageDataset(name, train.first(limit), test, classNames);
    }
}
