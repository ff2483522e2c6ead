package dev.distillery.steps.training;

import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.ImageBatch;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.data.Normalization;
import dev.distillery.steps.data.ViewBatch;
import java.util.Optional;

/**
 * Assembles the host-side inputs of a training batch: the normalized pixels of the epoch's view of
 * each sample, their labels, and the stored teacher logits of that same view. Touches no engine
 * state, so it may run on a worker thread; a teacher that runs a network labels the batch later, on
 * the training thread.
 */
final class TrainingBatches {
    private final LabelledImages images;
    private final Normalization normalization;
    private final Optional<Augmentation> augmentation;
    private final Optional<TeacherSignal> teacher;

    TrainingBatches(
            LabelledImages images,
            Normalization normalization,
            Optional<Augmentation> augmentation,
            Optional<TeacherSignal> teacher) {
        this.images = images;
        this.normalization = normalization;
        this.augmentation = augmentation;
        this.teacher = teacher;
    }

    /** The augmentation view the student sees in {@code epoch} (from 1): the teacher's rule. */
    int view(int epoch) {
        return teacher.map(t -> t.view(epoch)).orElse(epoch - 1);
    }

    /** The batch of {@code order[from..to)} in {@code epoch}. */
    HostBatch assemble(int epoch, int[] order, int from, int to) {
        int view = view(epoch);
        ViewBatch raw = ImageBatch.raw(images, order, from, to, augmentation, view);
        float[] pixels = normalization.apply(raw);
        int[] labels = ImageBatch.labels(images, order, from, to);
        Optional<TeacherSignal.TeacherBatch> taught =
                teacher.filter(TeacherSignal::labelsOnAnyThread).map(t -> t.label(raw));
        return new HostBatch(raw, pixels, labels, taught);
    }

    /**
     * {@code host} with its teacher's output: the batch itself when the reader thread labelled it
     * (stored logits) or there is no teacher, else labelled here by the teacher's network, which
     * must be the training thread.
     */
    HostBatch taught(HostBatch host) {
        if (host.taught().isPresent() || teacher.isEmpty()) {
            return host;
        }
        return new HostBatch(
                host.raw(),
                host.pixels(),
                host.labels(),
                Optional.of(teacher.get().label(host.raw())));
    }

    /**
     * A training batch on the host.
     *
     * @param raw the samples and the raw pixels of their view, for a teacher that runs a network
     * @param pixels normalized pixels, sample after sample, channels first
     * @param labels one class per sample
     * @param taught the teacher's output for these samples, once labelled
     */
    record HostBatch(
            ViewBatch raw,
            float[] pixels,
            int[] labels,
            Optional<TeacherSignal.TeacherBatch> taught) {
        int size() {
            return labels.length;
        }
    }
}
