package dev.distillery.steps.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.distillery.contract.DistilleryException;
import java.util.List;

/**
 * The hint layer of a convolutional network from the model zoo: the output of its last conv block
 * (the last child of the sequential network whose output is still a {@code (N, C, H, W)} feature
 * map with more than one position), where FitNets matches student to teacher.
 *
 * @param index the index of the child whose output is the hint
 * @param features the hint's shape for one sample, {@code (1, C, H, W)}
 */
public record HintLayer(int index, Shape features) {

    /**
     * The hint layer of {@code block} for one input of shape {@code input}; {@code who} names the
     * network in the message if it has no conv feature map (an MLP, for example).
     */
    public static HintLayer of(Block block, Shape input, String who) {
        if (!(block instanceof SequentialBlock sequential)) {
            throw noFeatureMap(who);
        }
        List<Block> children = sequential.getChildren().values();
        Shape[] shapes = {input};
        int index = -1;
        Shape features = null;
        for (int i = 0; i < children.size(); i++) {
            shapes = children.get(i).getOutputShapes(shapes);
            Shape out = shapes[0];
            if (out.dimension() != 4) {
                break;
            }
            if (out.get(2) * out.get(3) > 1 || features == null) {
                index = i;
                features = out;
            }
        }
        if (index < 0) {
            throw noFeatureMap(who);
        }
        return new HintLayer(index, features);
    }

    /** Channels of the hint feature map. */
    public long channels() {
        return features.get(1);
    }

    /** Fails unless {@code teacher}'s hint has the same spatial size as this (student) one. */
    public void checkAligned(HintLayer teacher, String student, String teacherName) {
        if (features.get(2) != teacher.features.get(2)
                || features.get(3) != teacher.features.get(3)) {
            throw DistilleryException.badInput(
                    "--hint-weight: student "
                            + student
                            + " ends its conv blocks with "
                            + describe()
                            + " feature maps but teacher "
                            + teacherName
                            + " with "
                            + teacher.describe()
                            + ": hints need the same spatial size (the same number of pooling"
                            + " stages); use --hint-weight 0 or a related architecture");
        }
    }

    /** Runs {@code block}'s children up to and including the hint layer. */
    public NDList forwardTo(
            SequentialBlock block, ParameterStore parameters, NDList input, boolean training) {
        NDList current = input;
        List<Block> children = block.getChildren().values();
        for (int i = 0; i <= index; i++) {
            current = children.get(i).forward(parameters, current, training);
        }
        return current;
    }

    /** Runs {@code block}'s children after the hint layer, from its output to the logits. */
    public NDList forwardFrom(
            SequentialBlock block, ParameterStore parameters, NDList features, boolean training) {
        NDList current = features;
        List<Block> children = block.getChildren().values();
        for (int i = index + 1; i < children.size(); i++) {
            current = children.get(i).forward(parameters, current, training);
        }
        return current;
    }

    /** {@code CxHxW}. */
    public String describe() {
        return features.get(1) + "x" + features.get(2) + "x" + features.get(3);
    }

    private static DistilleryException noFeatureMap(String who) {
        return DistilleryException.badInput(
                "--hint-weight: "
                        + who
                        + " has no convolutional feature map to match (hints need cnn or resnet"
                        + " teacher and student); use --hint-weight 0");
    }
}
