package dev.distillery.steps.training;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.loss.Loss;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.loss.DistillationLoss;
import dev.distillery.steps.loss.HintLoss;
import java.util.Optional;

/**
 * What a run minimizes and the block it trains: cross-entropy on the labels (optionally smoothed),
 * Hinton's loss with a teacher, plus a FitNets hint term through a learned adapter when {@code
 * --hint-weight} is positive.
 *
 * @param block the block the trainer trains (the student, or the student with its hint adapter)
 * @param loss the loss
 */
record TrainingObjective(Block block, Loss loss) {

    static TrainingObjective of(
            TrainingSettings settings,
            Block student,
            Shape input,
            Optional<TeacherSignal> teacher) {
        Loss base =
                teacher.isPresent() || settings.labelSmoothing() > 0
                        ? new DistillationLoss(
                                settings.temperature(),
                                teacher.isPresent() ? settings.alpha() : 0,
                                settings.labelSmoothing())
                        : Loss.softmaxCrossEntropyLoss();
        if (settings.hintWeight() == 0) {
            return new TrainingObjective(student, base);
        }
        if (teacher.isEmpty()
                || !(teacher.get() instanceof ConsistentTeacher live)
                || live.hint().isEmpty()) {
            throw DistilleryException.badInput(
                    "--hint-weight needs the teacher in the step: pass --teacher URI (not"
                            + " --teacher-logits)");
        }
        HintLayer teacherHint = live.hint().get();
        HintLayer studentHint = HintLayer.of(student, input, "student " + settings.spec().text());
        studentHint.checkAligned(teacherHint, settings.spec().text(), "the first --teacher");
        return new TrainingObjective(
                new HintedStudent((SequentialBlock) student, studentHint, teacherHint.channels()),
                new HintLoss(base, settings.hintWeight()));
    }
}
