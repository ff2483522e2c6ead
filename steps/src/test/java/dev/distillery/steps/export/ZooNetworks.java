package dev.distillery.steps.export;

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
}
