package dev.distillery.steps.training;

import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.ViewBatch;
import dev.distillery.steps.softlabels.SoftLabels;
import java.util.Optional;

/**
 * Teacher logits read from a soft-labels artifact of K stored views: epoch {@code e} replays stored
 * view {@code (e - 1) mod K}, pixels and logits alike.
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
    public int view(int epoch) {
        return (epoch - 1) % softLabels.views();
    }

    @Override
    public boolean labelsOnAnyThread() {
        return true;
    }

    @Override
    public TeacherBatch label(ViewBatch batch) {
        return new TeacherBatch(
                softLabels.logits(batch.samples(), 0, batch.size(), batch.view()),
                Optional.empty());
    }
}
