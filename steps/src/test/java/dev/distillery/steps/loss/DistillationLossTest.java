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
import ai.djl.training.loss.Loss;
import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DistillationLossTest {
    private static final float[] STUDENT = {2.0f, 1.0f, 0.1f, 0.5f, 0.5f, 3.0f};
    private static final float[] TEACHER = {3.0f, 1.0f, -1.0f, 0.0f, 2.0f, 1.0f};
    private static final float[] LABELS = {0, 1};

    @Test
    void matchesHandComputedValue() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Computed by hand (in double precision) from the formula of the issue for T = 2,
            // alpha = 0.5: mean over both samples of 0.5 * 4 * CE(soft) + 0.5 * CE(hard).
            float loss = evaluate(manager, new DistillationLoss(2.0, 0.5), STUDENT, TEACHER);
            assertThat(loss).isCloseTo(2.98392610f, within(1e-5f));
        }
    }

    @Test
    void labelSmoothingSpreadsTheHardTargetOverAllClasses() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // By hand: target (1 - 0.3) * onehot + 0.3 / 3, mean of -sum(target * logSoftmax).
            float smoothed = evaluate(manager, new DistillationLoss(2.0, 0, 0.3), STUDENT, TEACHER);
            assertThat(smoothed).isCloseTo(1.55451920f, within(1e-5f));
            float plain = evaluate(manager, new DistillationLoss(2.0, 0, 0), STUDENT, TEACHER);
            assertThat(plain).isLessThan(smoothed);
        }
        assertThatThrownBy(() -> new DistillationLoss(2.0, 0, 1.0))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("--label-smoothing must be in [0,1)");
    }

    @Test
    void alphaZeroIsPlainCrossEntropy() {
        Random random = new Random(7);
        float[] student = new float[64 * 10];
        float[] teacher = new float[64 * 10];
        float[] labels = new float[64];
        for (int i = 0; i < student.length; i++) {
            student[i] = (float) random.nextGaussian() * 3;
            teacher[i] = (float) random.nextGaussian() * 3;
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(10);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray s = manager.create(student, new Shape(64, 10));
            NDArray y = manager.create(labels);
            NDArray t = manager.create(teacher, new Shape(64, 10));
            float distilled =
                    new DistillationLoss(8, 0).evaluate(new NDList(y, t), new NDList(s)).getFloat();
            float plain =
                    Loss.softmaxCrossEntropyLoss()
                            .evaluate(new NDList(y), new NDList(s))
                            .getFloat();
            assertThat(distilled).isCloseTo(plain, within(1e-5f));
        }
    }

    @Test
    void temperatureSquaredKeepsSoftGradientScale() {
        Random random = new Random(11);
        float[] student = new float[32 * 10];
        float[] teacher = new float[32 * 10];
        for (int i = 0; i < student.length; i++) {
            student[i] = (float) random.nextGaussian();
            teacher[i] = (float) random.nextGaussian();
        }
        double at4 = softGradientNorm(student, teacher, 4);
        double at8 = softGradientNorm(student, teacher, 8);
        double at16 = softGradientNorm(student, teacher, 16);
        // Without T^2 the gradient would shrink 4x from T=4 to T=8 and 16x to T=16.
        assertThat(at8 / at4).isBetween(0.85, 1.15);
        assertThat(at16 / at4).isBetween(0.85, 1.15);
        assertThat(at4).isGreaterThan(1e-4);
    }

    @Test
    void rejectsAlphaOutsideUnitIntervalAndNonPositiveTemperature() {
        assertThatThrownBy(() -> new DistillationLoss(4, 1.5))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("--alpha")
                .satisfies(
                        e ->
                                assertThat(((DistilleryException) e).exitCode())
                                        .isEqualTo(ExitCodes.BAD_INPUT));
        assertThatThrownBy(() -> new DistillationLoss(0, 0.5))
                .hasMessageContaining("--temperature");
        assertThatThrownBy(() -> new DistillationLoss(-1, 0.5))
                .hasMessageContaining("--temperature");
    }

    private static double softGradientNorm(float[] student, float[] teacher, double temperature) {
        int rows = student.length / 10;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray s = manager.create(student, new Shape(rows, 10));
            s.setRequiresGradient(true);
            NDArray t = manager.create(teacher, new Shape(rows, 10));
            NDArray y = manager.zeros(new Shape(rows));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss =
                        new DistillationLoss(temperature, 1.0)
                                .evaluate(new NDList(y, t), new NDList(s));
                collector.backward(loss);
            }
            return s.getGradient().norm().getFloat();
        }
    }

    private static float evaluate(
            NDManager manager, DistillationLoss loss, float[] student, float[] teacher) {
        NDArray s = manager.create(student, new Shape(2, 3));
        NDArray t = manager.create(teacher, new Shape(2, 3));
        NDArray y = manager.create(LABELS);
        return loss.evaluate(new NDList(y, t), new NDList(s)).getFloat();
    }
}
