package dev.distillery.steps.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import dev.distillery.steps.data.ImageShape;
import java.util.List;

/**
 * Builds the DJL block a {@link ModelSpec} names, for images of a given shape and a given number of
 * classes. The same spec, shape and class count always give the same architecture, so saved
 * parameters load back into it.
 */
public final class ModelZoo {

    private ModelZoo() {}

    /** The network for {@code spec}, taking {@code (batch, C, H, W)} and giving class logits. */
    public static Block build(ModelSpec spec, ImageShape input, int classes) {
        return switch (spec.family()) {
            case "mlp" -> mlp(spec, classes);
            case "cnn" -> cnn(spec, input, classes);
            case "resnet" -> resnet(spec, classes);
            default -> throw new IllegalArgumentException("unknown family " + spec.family());
        };
    }

    private static Block mlp(ModelSpec spec, int classes) {
        SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int hidden : spec.sizes()) {
            net.add(Linear.builder().setUnits(hidden).build()).add(Activation::relu);
            if (spec.dropout() > 0) {
                net.add(Dropout.builder().optRate((float) spec.dropout()).build());
            }
        }
        return net.add(Linear.builder().setUnits(classes).build());
    }

    private static Block cnn(ModelSpec spec, ImageShape input, int classes) {
        SequentialBlock net = new SequentialBlock();
        int height = input.height();
        int width = input.width();
        for (int channels : spec.sizes()) {
            net.add(conv(channels, 1)).add(BatchNorm.builder().build()).add(Activation::relu);
            if (height >= 2 && width >= 2) {
                net.add(Pool.maxPool2dBlock(new Shape(2, 2)));
                height /= 2;
                width /= 2;
            }
        }
        net.add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(spec.head()).build())
                .add(Activation::relu);
        if (spec.dropout() > 0) {
            net.add(Dropout.builder().optRate((float) spec.dropout()).build());
        }
        return net.add(Linear.builder().setUnits(classes).build());
    }

    private static Block resnet(ModelSpec spec, int classes) {
        List<Integer> widths = spec.sizes();
        SequentialBlock net =
                new SequentialBlock()
                        .add(conv(widths.get(0), 1))
                        .add(BatchNorm.builder().build())
                        .add(Activation::relu);
        int previous = widths.get(0);
        for (int stage = 0; stage < widths.size(); stage++) {
            int width = widths.get(stage);
            for (int b = 0; b < spec.blocks(); b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                net.add(residual(width, stride, previous != width || stride != 1));
                previous = width;
            }
        }
        return net.add(Pool.globalAvgPool2dBlock()).add(Linear.builder().setUnits(classes).build());
    }

    private static Block residual(int channels, int stride, boolean projectShortcut) {
        SequentialBlock main =
                new SequentialBlock()
                        .add(conv(channels, stride))
                        .add(BatchNorm.builder().build())
                        .add(Activation::relu)
                        .add(conv(channels, 1))
                        .add(BatchNorm.builder().build());
        SequentialBlock shortcut = new SequentialBlock();
        if (projectShortcut) {
            shortcut.add(
                            Conv2d.builder()
                                    .setKernelShape(new Shape(1, 1))
                                    .optStride(new Shape(stride, stride))
                                    .setFilters(channels)
                                    .build())
                    .add(BatchNorm.builder().build());
        } else {
            shortcut.add(Blocks.identityBlock());
        }
        return new SequentialBlock()
                .add(
                        new ParallelBlock(
                                outputs ->
                                        new NDList(
                                                outputs.get(0)
                                                        .singletonOrThrow()
                                                        .add(outputs.get(1).singletonOrThrow())),
                                List.of(main, shortcut)))
                .add(Activation::relu);
    }

    private static Block conv(int channels, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .optStride(new Shape(stride, stride))
                .setFilters(channels)
                .build();
    }
}
