package dev.distillery.steps.training;

import ai.djl.ndarray.types.Shape;
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.ViewBatch;
import java.util.Optional;

/**
 * What a student learns from besides the labels, batch by batch: teacher logits read from stored
 * soft labels, or computed on the fly by fixed teachers on the very view the student sees.
 */
public interface TeacherSignal {

    /** Logits per sample. */
    int classes();

    /**
     * The augmentation the student must train with to see what the teacher labelled, if the signal
     * dictates one (stored soft labels of augmented views); empty leaves it to the student's
     * settings.
     */
    Optional<Augmentation> requiredAugmentation();

    /**
     * The augmentation view the student trains on in {@code epoch} (from 1): a fresh view every
     * epoch unless the signal replays a fixed set of views.
     */
    default int view(int epoch) {
        return epoch - 1;
    }

    /**
     * Whether {@link #label} touches no engine state and may run on a worker thread (stored logits)
     * rather than only on the training thread (a network's forward pass).
     */
    boolean labelsOnAnyThread();

    /** The teacher's output for {@code batch}: its samples, seen as its pixels show them. */
    TeacherBatch label(ViewBatch batch);

    /**
     * A batch of teacher outputs.
     *
     * @param logits {@code samples x classes} raw logits, row after row
     * @param features the hint feature maps, if hints are on
     */
    record TeacherBatch(float[] logits, Optional<HintFeatures> features) {}

    /**
     * Hint feature maps of a batch.
     *
     * @param values the values, sample after sample, channels first
     * @param shape {@code (samples, C, H, W)}
     */
    record HintFeatures(float[] values, Shape shape) {}
}
