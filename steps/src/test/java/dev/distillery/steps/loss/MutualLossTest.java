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

class MutualLossTest {
    private static final float[] A = {1.0f, 2.0f, 0.0f};
    private static final float[] B = {0.5f, -1.0f, 1.0f};
    private static final float[] C = {0.0f, 0.0f, 3.0f};

    private static NDArray logits(NDManager manager, float[] values) {
        return manager.create(values, new Shape(1, values.length));
    }

    @Test
    void matchesHandComputedValues() {
        // By hand (double precision), T = 2, alpha = 0.4: (1 - alpha) * CE(label, softmax(z_k))
        // + alpha * T^2 * mean over peers of KL(softmax(z_l / T) || softmax(z_k / T)).
        MutualLoss loss = new MutualLoss(2.0, 0.4, 0);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList pair = new NDList(logits(manager, A), logits(manager, B));
            NDList label = new NDList(manager.create(new float[] {1}));
            assertThat(loss.network(0, label, pair).getFloat())
                    .isCloseTo(0.72697897f, within(1e-5f));
            assertThat(loss.network(1, label, pair).getFloat())
                    .isCloseTo(2.05619110f, within(1e-5f));

            NDList three = new NDList(logits(manager, A), logits(manager, B), logits(manager, C));
            NDList label2 = new NDList(manager.create(new float[] {2}));
            assertThat(loss.network(0, label2, three).getFloat())
                    .isCloseTo(2.17939132f, within(1e-5f));
            // The group's loss is the sum of its networks' losses.
            assertThat(loss.evaluate(label2, three).getFloat())
                    .isCloseTo(3.50171964f, within(1e-5f));
        }
    }

    @Test
    void aGroupOfOneIsPlainCrossEntropy() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList alone = new NDList(logits(manager, A));
            NDList label = new NDList(manager.create(new float[] {1}));
            // -log softmax(A)[1] = log(e + e^2 + 1) - 2
            double expected = Math.log(Math.E + Math.exp(2) + 1) - 2;
            assertThat(new MutualLoss(2.0, 0.4, 0).network(0, label, alone).getFloat())
                    .isCloseTo((float) expected, within(1e-5f));
        }
    }

    @Test
    void noGradientFlowsIntoTheDetachedPeer() {
        MutualLoss loss = new MutualLoss(2.0, 0.4, 0);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray own = logits(manager, A);
            NDArray peer = logits(manager, B);
            own.setRequiresGradient(true);
            peer.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value =
                        loss.network(
                                0,
                                new NDList(manager.create(new float[] {1})),
                                new NDList(own, peer));
                collector.backward(value);
            }
            assertThat(peer.getGradient().toFloatArray()).containsOnly(0f);
            // By hand: (1 - alpha) (softmax(z) - onehot) + alpha T (softmax(z/T) -
            // softmax(z_peer/T)).
            assertThat(own.getGradient().toFloatArray())
                    .containsExactly(
                            new float[] {0.10235931f, 0.06723182f, -0.16959113f}, within(1e-5f));
        }
    }

    @Test
    void rejectsSettingsOutsideTheirRanges() {
        assertThatThrownBy(() -> new MutualLoss(0, 0.5, 0))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("--temperature must be a positive number");
        assertThatThrownBy(() -> new MutualLoss(1, 1.5, 0))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("--alpha must be in [0,1]");
    }
}
