package dev.distillery.steps.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import dev.distillery.contract.DistilleryException;

/**
 * FitNets-style hint distillation (Romero et al. 2015) added to a base loss: {@code base + weight *
 * mean((adapted - teacherFeatures)^2)}. The predictions are the student's logits and its feature
 * map after the learned 1x1-conv adapter; the labels are those of the base loss followed by the
 * teacher's feature map of the same shape.
 */
public final class HintLoss extends Loss {
    private final Loss base;
    private final float weight;

    /** {@code base} plus {@code weight >= 0} times the mean squared feature-map difference. */
    public HintLoss(Loss base, double weight) {
        super("hint_loss");
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw DistilleryException.badInput(
                    "--hint-weight must be >= 0 (0 = off), got " + weight);
        }
        this.base = base;
        this.weight = (float) weight;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        int last = labels.size() - 1;
        NDList baseLabels = new NDList(labels.subList(0, last));
        NDArray value = base.evaluate(baseLabels, new NDList(predictions.get(0)));
        NDArray hint = meanSquaredError(predictions.get(1), labels.get(last));
        return value.add(hint.mul(GraphConstant.of(hint, weight)));
    }

    /** The mean over every element of {@code (student - teacher)^2}. */
    public static NDArray meanSquaredError(NDArray student, NDArray teacher) {
        if (!student.getShape().equals(teacher.getShape())) {
            throw new IllegalArgumentException(
                    "hint shapes differ: student "
                            + student.getShape()
                            + ", teacher "
                            + teacher.getShape());
        }
        return student.sub(teacher).square().mean();
    }

    /** The weight of the hint term. */
    public double weight() {
        return weight;
    }
}
