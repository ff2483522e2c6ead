package dev.distillery.steps.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A number used in tensor arithmetic that the backward pass may read, held in libtorch's own
 * memory. DJL 0.36's scalar arithmetic on a PyTorch array ({@code x.div(2f)}, {@code x.mul(0.5f)})
 * wraps the number in a tensor over a Java direct buffer and closes that tensor as soon as the
 * operation returns, but the autograd graph keeps it: a quotient's gradient divides by it, a
 * product's multiplies by it. Once a garbage collection frees the buffer, the backward pass reads
 * freed memory and the gradients are garbage, now and then NaN (a student's training loss "became
 * NaN", a run that drifted from its twin). A constant made here is a tensor libtorch allocated,
 * which the graph keeps alive as long as it needs it. Every loss builds its numbers with it.
 */
public final class GraphConstant {
    private GraphConstant() {}

    /** {@code value} as a scalar array of {@code like}'s type, on its device, in its manager. */
    public static NDArray of(NDArray like, double value) {
        return like.getManager()
                .full(new Shape(), (float) value, like.getDataType())
                .toDevice(like.getDevice(), false);
    }
}
