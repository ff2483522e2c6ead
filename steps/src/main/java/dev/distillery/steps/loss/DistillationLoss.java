package dev.distillery.steps.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import dev.distillery.contract.DistilleryException;

/**
 * Hinton's knowledge-distillation loss, averaged over the batch: {@code alpha * T^2 *
 * CE(softmax(teacher / T), softmax(student / T)) + (1 - alpha) * CE(label, softmax(student))}. The
 * labels are an {@link NDList} of two arrays: the hard class indices and the teacher's raw logits.
 * The {@code T^2} factor keeps the soft term's gradient on the same scale whatever the temperature.
 * With label smoothing {@code eps}, the hard target is {@code (1 - eps) * onehot + eps / classes}
 * (Szegedy et al. 2016); keep it off for teachers whose logits are distilled (Muller et al. 2019).
 */
public final class DistillationLoss extends Loss {
    private final float temperature;
    private final float alpha;
    private final float labelSmoothing;

    /** A loss with temperature {@code temperature > 0} and soft-term weight {@code alpha}. */
    public DistillationLoss(double temperature, double alpha) {
        this(temperature, alpha, 0);
    }

    /**
     * A loss with temperature {@code temperature > 0}, soft-term weight {@code alpha} and label
     * smoothing {@code labelSmoothing} in [0, 1) on the hard term.
     */
    public DistillationLoss(double temperature, double alpha, double labelSmoothing) {
        super("distillation_loss");
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw DistilleryException.badInput(
                    "--label-smoothing must be in [0,1), got " + labelSmoothing);
        }
        this.labelSmoothing = (float) labelSmoothing;
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw DistilleryException.badInput(
                    "--temperature must be a positive number, got " + temperature);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw DistilleryException.badInput("--alpha must be in [0,1], got " + alpha);
        }
        this.temperature = (float) temperature;
        this.alpha = (float) alpha;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray student = predictions.singletonOrThrow();
        NDArray hardLabels = labels.get(0);
        int classes = (int) student.getShape().tail();
        NDArray oneHot = hardLabels.toType(DataType.INT32, false).oneHot(classes, DataType.FLOAT32);
        if (labelSmoothing > 0) {
            oneHot =
                    oneHot.mul(GraphConstant.of(oneHot, 1 - labelSmoothing))
                            .add(GraphConstant.of(oneHot, labelSmoothing / classes));
        }
        NDArray hard = student.logSoftmax(-1).mul(oneHot).sum(new int[] {-1}).neg();
        if (alpha == 0) {
            return hard.mean();
        }
        NDArray teacher = labels.get(1);
        NDArray teacherProbabilities =
                teacher.div(GraphConstant.of(teacher, temperature)).softmax(-1);
        NDArray soft =
                teacherProbabilities
                        .mul(student.div(GraphConstant.of(student, temperature)).logSoftmax(-1))
                        .sum(new int[] {-1})
                        .neg();
        NDArray combined =
                soft.mul(GraphConstant.of(soft, alpha * temperature * temperature))
                        .add(hard.mul(GraphConstant.of(hard, 1 - alpha)));
        return combined.mean();
    }

    /** The temperature T. */
    public double temperature() {
        return temperature;
    }

    /** The weight of the soft term. */
    public double alpha() {
        return alpha;
    }
}
