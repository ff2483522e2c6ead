package dev.distillery.steps.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.distillery.steps.data.ImageShape;
import dev.distillery.steps.model.ModelSpec;
import dev.distillery.steps.model.ModelZoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TorchScript file written without Python loads in libtorch and gives the DJL network's logits,
 * for every model-zoo family, with every parameter (batch-norm statistics included) drawn at random
 * so that no layer is an identity by accident. (StudentExportIT loads it in real PyTorch.)
 */
class TorchScriptExportTest {
    @TempDir Path dir;

    @ParameterizedTest
    @MethodSource("dev.distillery.steps.export.ZooNetworks#all")
    void libtorchGivesTheDjlNetworksLogits(String spec, int channels, int height, int width)
            throws IOException {
        ImageShape shape = new ImageShape(channels, height, width);
        Block block = ModelZoo.build(ModelSpec.parse(spec), shape, 3);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, height, width));
            ZooNetworks.randomize(block);
            Path file = dir.resolve("model.pt");

            double difference =
                    TorchScriptExport.write(block, ModelSpec.parse(spec), shape, 3, manager, file);

            assertThat(difference).as(spec).isLessThan(1e-4);
            assertThat(Files.size(file)).isPositive();
        }
    }
}
