package dev.distillery.steps.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The networks the export tests write: every model-zoo family and option (dropout, a head, a stage
 * that cannot pool, projections in a ResNet), as spec, channels, height and width.
 */
final class ZooNetworks {
    private ZooNetworks() {}

    static Stream<Arguments> all() {
        return Stream.of(
                Arguments.of("mlp:6,5;dropout=0.3", 1, 4, 4),
                Arguments.of("cnn:4,8;head=16;dropout=0.2", 3, 5, 3),
                Arguments.of("cnn:4,8,8", 1, 3, 3),
                Arguments.of("resnet:4,8,8;blocks=2", 3, 8, 8));
    }

    /**
     * Draws every parameter of the initialized {@code block} at random (seeded), batch-norm
     * variances positive, so that no layer is an identity by accident.
     */
    static void randomize(Block block) {
        Random random = new Random(7);
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            NDArray array = parameter.getValue().getArray();
            float[] values = new float[(int) array.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian() * 0.5f;
                if (parameter.getKey().endsWith("_runningVar")) {
                    values[i] = Math.abs(values[i]) + 0.5f;
                }
            }
            array.set(FloatBuffer.wrap(values));
        }
    }
}
