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
 * The ONNX file written in Java runs in ONNX Runtime, and the TorchScript file written without
 * Python in libtorch, and each gives the DJL network's logits, for every model-zoo family, with
 * every parameter (batch-norm statistics included) drawn at random so that no layer is an identity
 * by accident. (StudentExportIT loads both in real PyTorch and the onnx package.)
 */
class ExportedNetworkTest {
    @TempDir Path dir;

    @ParameterizedTest
    @MethodSource("dev.distillery.steps.export.ZooNetworks#all")
    void onnxRuntimeGivesTheDjlNetworksLogits(String spec, int channels, int height, int width)
            throws IOException {
        assertThat(
                        largestDifference(
                                OnnxExport::write, spec, channels, height, width, "model.onnx"))
                .as(spec)
                .isLessThan(1e-4);
    }

    @ParameterizedTest
    @MethodSource("dev.distillery.steps.export.ZooNetworks#all")
    void libtorchGivesTheDjlNetworksLogits(String spec, int channels, int height, int width)
            throws IOException {
        assertThat(
                        largestDifference(
                                (block, model, shape, classes, manager, file) ->
                                        TorchScriptExport.write(
                                                block,
                                                model,
                                                shape,
                                                classes,
                                                manager,
                                                file,
                                                Precision.FLOAT32),
                                spec,
                                channels,
                                height,
                                width,
                                "model.pt"))
                .as(spec)
                .isLessThan(1e-4);
    }

    /** How a format writes a block and checks the file against it. */
    private interface Writer {
        double write(
                Block block,
                ModelSpec spec,
                ImageShape shape,
                int classes,
                NDManager manager,
                Path file)
                throws IOException;
    }

    private double largestDifference(
            Writer writer, String spec, int channels, int height, int width, String name)
            throws IOException {
        ImageShape shape = new ImageShape(channels, height, width);
        Block block = ModelZoo.build(ModelSpec.parse(spec), shape, 3);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, height, width));
            ZooNetworks.randomize(block);
            Path file = dir.resolve(name);
            double difference = writer.write(block, ModelSpec.parse(spec), shape, 3, manager, file);
            assertThat(Files.size(file)).isPositive();
            return difference;
        }
    }
}
