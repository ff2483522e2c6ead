package dev.distillery.steps.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.distillery.contract.DistilleryException;
import org.junit.jupiter.api.Test;

class HintLossTest {
    private static final float[] STUDENT = {2.0f, 1.0f, 0.1f, 0.5f, 0.5f, 3.0f};
    private static final float[] TEACHER = {3.0f, 1.0f, -1.0f, 0.0f, 2.0f, 1.0f};
    private static final float[] LABELS = {0, 1};

    @Test
    void addsTheWeightedMeanSquaredFeatureDifferenceToTheBaseLoss() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Features of 2 samples x 1 channel x 1 x 2: differences 1, 0, -2, 0, so the mean
            // square is (1 + 0 + 4 + 0) / 4 = 1.25; weight 0.4 adds 0.5 to the KD loss of
            // DistillationLossTest (T = 2, alpha = 0.5: 2.98392610).
            NDArray adapted = manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 1, 1, 2));
            NDArray teacherMap = manager.create(new float[] {0, 2, 5, 4}, new Shape(2, 1, 1, 2));
            float loss =
                    new HintLoss(new DistillationLoss(2.0, 0.5), 0.4)
                            .evaluate(labels(manager, teacherMap), predictions(manager, adapted))
                            .getFloat();
            assertThat(loss).isCloseTo(2.98392610f + 0.5f, within(1e-5f));
            assertThat(HintLoss.meanSquaredError(adapted, teacherMap).getFloat()).isEqualTo(1.25f);
        }
    }

    @Test
    void weightZeroIsTheBaseLossAndTheGradientReachesTheAdapterOutput() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray adapted = manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 1, 1, 2));
            NDArray teacherMap = manager.create(new float[] {0, 2, 5, 4}, new Shape(2, 1, 1, 2));
            float off =
                    new HintLoss(new DistillationLoss(2.0, 0.5), 0)
                            .evaluate(labels(manager, teacherMap), predictions(manager, adapted))
                            .getFloat();
            assertThat(off).isCloseTo(2.98392610f, within(1e-5f));
            adapted.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(HintLoss.meanSquaredError(adapted, teacherMap).mul(1f));
            }
            // d/dx mean((x - t)^2) = 2 (x - t) / 4.
            assertThat(adapted.getGradient().toFloatArray()).containsExactly(0.5f, 0f, -1f, 0f);
        }
    }

    @Test
    void negativeWeightIsBadInput() {
        assertThatThrownBy(() -> new HintLoss(new DistillationLoss(2, 0.5), -1))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("--hint-weight must be >= 0");
    }

    private static NDList labels(NDManager manager, NDArray teacherMap) {
        return new NDList(
                manager.create(LABELS), manager.create(TEACHER, new Shape(2, 3)), teacherMap);
    }

    private static NDList predictions(NDManager manager, NDArray adapted) {
        return new NDList(manager.create(STUDENT, new Shape(2, 3)), adapted);
    }
}
