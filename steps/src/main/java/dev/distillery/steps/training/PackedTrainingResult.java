package dev.distillery.steps.training;

import java.nio.file.Path;
import java.util.List;

/**
 * What a packed run produced: each student's saved model and scores, as its own train step would
 * report them.
 *
 * @param students one result per student, in the pack's order
 * @param resumedFromEpoch the epoch the pack continued after, 0 for a fresh run
 */
public record PackedTrainingResult(List<Student> students, int resumedFromEpoch) {

    /**
     * One student's outcome.
     *
     * @param network its name in the pack ({@code student-<name>}), also its artifact's folder
     * @param folder the local folder its model was saved into
     * @param result its model, curve and scores
     */
    public record Student(String network, Path folder, TrainingResult result) {}

    public PackedTrainingResult {
        students = List.copyOf(students);
    }

    /** Whether the pack continued from a checkpoint. */
    public boolean resumed() {
        return resumedFromEpoch > 0;
    }
}
