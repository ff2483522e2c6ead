package dev.distillery.steps.export;

import java.util.List;

/**
 * One layer of a model-zoo network at inference, as {@link TorchNetwork} walks it: what the ONNX
 * export writes. A layer with parameters names its DJL block ({@code 02Conv2d}, {@code
 * 04SequentialBlock_01ParallelBlock_01SequentialBlock_01Conv2d}), whose parameters are {@code
 * <block>_weight} and so on. Dropout, a no-op at inference, is not a layer here.
 */
sealed interface NetworkLayer {

    /** Flattens all but the batch axis. */
    record Flatten() implements NetworkLayer {}

    /** A fully connected layer: {@code x W^T + b}. */
    record Linear(String block) implements NetworkLayer {}

    /** ReLU. */
    record Relu() implements NetworkLayer {}

    /** A square convolution with zero padding. */
    record Conv(String block, int kernel, int stride, int padding) implements NetworkLayer {}

    /** Batch normalization with its running statistics, epsilon 1e-5 (DJL's and torch's). */
    record BatchNorm(String block) implements NetworkLayer {}

    /** Max pooling over {@code size} x {@code size} windows with stride {@code size}. */
    record MaxPool(int size) implements NetworkLayer {}

    /** The mean over the spatial axes, flattened to one value per channel. */
    record GlobalAvgPool() implements NetworkLayer {}

    /**
     * {@code relu(main(x) + shortcut(x))}; an empty shortcut is the identity.
     *
     * @param main the block's main path
     * @param shortcut the projection, or empty
     */
    record Residual(List<NetworkLayer> main, List<NetworkLayer> shortcut) implements NetworkLayer {}
}
