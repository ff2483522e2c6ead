package dev.distillery.steps.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import dev.distillery.contract.DistilleryException;

/**
 * Deep mutual learning's loss (Zhang et al. 2018) for a group of networks trained together on one
 * batch. Network {@code k} minimizes {@code (1 - alpha) * CE(label, softmax(z_k)) + alpha * T^2 *
 * mean over peers l of KL(softmax(z_l / T) || softmax(z_k / T))}, averaged over the batch, where
 * each peer's logits are detached: a network learns from its peers and never pushes them. At {@code
 * T = 1} and {@code alpha = 0.5} this is the paper's {@code CE + mean KL}, halved. The predictions
 * are the group's logits, one array per network; the labels hold the class indices. {@link
 * #evaluate} sums the networks' losses, so one backward pass gives every network its own gradient.
 */
public final class MutualLoss extends Loss {
    private final float temperature;
    private final float alpha;
    private final float labelSmoothing;

    /**
     * A loss with temperature {@code temperature > 0}, mutual-term weight {@code alpha} in [0, 1]
     * and label smoothing {@code labelSmoothing} in [0, 1) on the cross-entropy.
     */
    public MutualLoss(double temperature, double alpha, double labelSmoothing) {
        super("mutual_loss");
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw DistilleryException.badInput(
                    "--temperature must be a positive number, got " + temperature);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw DistilleryException.badInput("--alpha must be in [0,1], got " + alpha);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw DistilleryException.badInput(
                    "--label-smoothing must be in [0,1), got " + labelSmoothing);
        }
        this.temperature = (float) temperature;
        this.alpha = (float) alpha;
        this.labelSmoothing = (float) labelSmoothing;
    }

    /** The sum over the group of every network's loss ({@link #network}). */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray total = network(0, labels, predictions);
        for (int k = 1; k < predictions.size(); k++) {
            total = total.add(network(k, labels, predictions));
        }
        return total;
    }

    /**
     * The loss of network {@code k} of the group whose logits are {@code predictions}; a group of
     * one has no peers and its loss is the plain cross-entropy.
     */
    public NDArray network(int k, NDList labels, NDList predictions) {
        NDArray own = predictions.get(k);
        NDArray hard = crossEntropy(labels.head(), own);
        int peers = predictions.size() - 1;
        if (peers == 0) {
            return hard;
        }
        NDArray ownSoft = own.div(GraphConstant.of(own, temperature)).logSoftmax(-1);
        NDArray divergence = null;
        for (int l = 0; l < predictions.size(); l++) {
            if (l == k) {
                continue;
            }
            // The peer's prediction is a target: no gradient flows back into its network.
            NDArray target = predictions.get(l).stopGradient();
            NDArray peer = target.div(GraphConstant.of(target, temperature)).logSoftmax(-1);
            NDArray kl = peer.exp().mul(peer.sub(ownSoft)).sum(new int[] {-1}).mean();
            divergence = divergence == null ? kl : divergence.add(kl);
        }
        NDArray mutual =
                divergence
                        .div(GraphConstant.of(divergence, peers))
                        .mul(GraphConstant.of(divergence, alpha * temperature * temperature));
        return hard.mul(GraphConstant.of(hard, 1 - alpha)).add(mutual);
    }

    /** The cross-entropy of {@code logits} against the class indices {@code labels}. */
    public NDArray crossEntropy(NDArray labels, NDArray logits) {
        int classes = (int) logits.getShape().tail();
        NDArray target = labels.toType(DataType.INT32, false).oneHot(classes, DataType.FLOAT32);
        if (labelSmoothing > 0) {
            target =
                    target.mul(GraphConstant.of(target, 1 - labelSmoothing))
                            .add(GraphConstant.of(target, labelSmoothing / classes));
        }
        return logits.logSoftmax(-1).mul(target).sum(new int[] {-1}).neg().mean();
    }

    /** The temperature T. */
    public double temperature() {
        return temperature;
    }

    /** The weight of the mutual term. */
    public double alpha() {
        return alpha;
    }
}
