package dev.distillery.steps.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every loss's gradients survive a garbage collection between the forward and the backward pass, as
 * one does now and then in a training step: the numbers the backward pass reads are tensors
 * libtorch holds ({@link GraphConstant}), not DJL's scalars over Java buffers that a collection
 * frees. With {@code x.div(T)} and {@code x.mul(alpha)} in the losses, each of these gradients was
 * garbage after the collection below.
 */
class GradientLifetimeTest {
    private static final float[] STUDENT = {1.0f, -0.5f, 2.0f, 0.3f, 0.0f, -1.2f};
    private static final float[] PEER = {0.5f, 1.0f, -1.0f, 2.0f, 0.1f, 0.4f};
    private static final float[] TEACHER = {2.0f, 0.0f, -1.0f, -0.5f, 1.5f, 0.2f};
    private static final float[] FEATURES = {0.2f, -0.4f, 0.6f, 0.8f};
    private static final float[] TEACHER_FEATURES = {0.0f, 0.5f, 0.1f, -0.3f};

    @Test
    void distillationLossGradientsSurviveACollection() throws InterruptedException {
        Loss loss = new DistillationLoss(2.0, 0.7, 0.1);
        assertSurvivesCollection(
                m -> loss.evaluate(new NDList(labels(m), teacher(m)), new NDList(student(m))));
    }

    @Test
    void hintLossGradientsSurviveACollection() throws InterruptedException {
        Loss loss = new HintLoss(new DistillationLoss(4.0, 0.5), 3.0);
        assertSurvivesCollection(
                m ->
                        loss.evaluate(
                                new NDList(labels(m), teacher(m), features(m, TEACHER_FEATURES)),
                                new NDList(student(m), features(m, FEATURES))));
    }

    @Test
    void mutualLossGradientsSurviveACollection() throws InterruptedException {
        Loss loss = new MutualLoss(2.0, 0.4, 0.1);
        assertSurvivesCollection(
                m ->
                        loss.evaluate(
                                new NDList(labels(m)),
                                new NDList(student(m), m.manager.create(PEER, new Shape(2, 3)))));
    }

    /**
     * The gradient of {@code loss} with respect to the student's logits (and feature map) is the
     * same whether or not the garbage is collected between the forward and the backward pass.
     */
    private static void assertSurvivesCollection(Function<Inputs, NDArray> loss)
            throws InterruptedException {
        float[] undisturbed = gradients(loss, false);
        float[] collected = gradients(loss, true);
        assertThat(collected).containsExactly(undisturbed);
    }

    private static float[] gradients(Function<Inputs, NDArray> loss, boolean collect)
            throws InterruptedException {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Inputs inputs = new Inputs(manager);
            NDArray value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                value = loss.apply(inputs);
                if (collect) {
                    collectGarbage();
                }
                collector.backward(value);
            }
            float[] student = inputs.student.getGradient().toFloatArray();
            if (inputs.features == null) {
                return student;
            }
            float[] features = inputs.features.getGradient().toFloatArray();
            float[] all = Arrays.copyOf(student, student.length + features.length);
            System.arraycopy(features, 0, all, student.length, features.length);
            return all;
        }
    }

    /** Collects the garbage, lets the cleaner free what it held, and reuses the freed memory. */
    private static void collectGarbage() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        for (int i = 0; i < 1000; i++) {
            ByteBuffer.allocateDirect(4);
        }
        System.gc();
        Thread.sleep(50);
    }

    private static NDArray labels(Inputs inputs) {
        return inputs.manager.create(new float[] {2, 0});
    }

    private static NDArray teacher(Inputs inputs) {
        return inputs.manager.create(TEACHER, new Shape(2, 3));
    }

    private static NDArray student(Inputs inputs) {
        return inputs.student;
    }

    private static NDArray features(Inputs inputs, float[] values) {
        NDArray array = inputs.manager.create(values, new Shape(1, 1, 2, 2));
        if (values == FEATURES) {
            array.setRequiresGradient(true);
            inputs.features = array;
        }
        return array;
    }

    /** The arrays of one forward pass: the student's logits take a gradient. */
    private static final class Inputs {
        final NDManager manager;
        final NDArray student;
        NDArray features;

        Inputs(NDManager manager) {
            this.manager = manager;
            this.student = manager.create(STUDENT, new Shape(2, 3));
            student.setRequiresGradient(true);
        }
    }
}
