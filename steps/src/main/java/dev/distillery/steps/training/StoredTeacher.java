package dev.distillery.steps.training;

import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.softlabels.SoftLabels;
import java.util.Optional;

/**
 * Teacher logits read from a soft-labels artifact: view {@code v} replays stored view {@code v}.
 */
public record StoredTeacher(SoftLabels softLabels) implements TeacherSignal {

    @Override
    public int classes() {
        return softLabels.classes();
    }

    @Override
    public Optional<Augmentation> requiredAugmentation() {
        return softLabels.augmentation();
    }

    @Override
    public TeacherBatch label(
            LabelledImages images,
            int[] order,
            int from,
            int to,
            Optional<Augmentation> augmentation,
            int view) {
        return new TeacherBatch(softLabels.logits(order, from, to, view), Optional.empty());
    }
}
