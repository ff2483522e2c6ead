package dev.distillery.steps.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TorchNetworkTest {
    @TempDir Path dir;

    @ParameterizedTest
    @MethodSource("dev.distillery.steps.export.ZooNetworks#all")
    void everyDjlParameterHasATorchNameOfTheSameShape(
            String spec, int channels, int height, int width) {
        ImageShape shape = new ImageShape(channels, height, width);
        Block block = ModelZoo.build(ModelSpec.parse(spec), shape, 3);
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, height, width));
            TorchNetwork network = TorchNetwork.of(ModelSpec.parse(spec), shape, 3);
            // torchNames checks each shape and that no torch parameter is left over.
            Map<String, String> names = network.torchNames(block);
            assertThat(names).hasSameSizeAs(block.getParameters().keys());
            assertThat(names.values())
                    .doesNotHaveDuplicates()
                    .allMatch(n -> n.startsWith("layers."));
        }
    }

    @Test
    void namesFollowTheSequentialIndexAndTorchsBatchNormNames() {
        ImageShape shape = new ImageShape(1, 8, 8);
        Block block = ModelZoo.build(ModelSpec.parse("resnet:4,8;blocks=1"), shape, 3);
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            Map<String, String> names =
                    TorchNetwork.of(ModelSpec.parse("resnet:4,8;blocks=1"), shape, 3)
                            .torchNames(block);
            assertThat(names)
                    .containsEntry("01Conv2d_weight", "layers.0.weight")
                    .containsEntry("02BatchNorm_gamma", "layers.1.weight")
                    .containsEntry("02BatchNorm_runningVar", "layers.1.running_var")
                    .containsEntry(
                            "05SequentialBlock_01ParallelBlock_01SequentialBlock_04Conv2d_bias",
                            "layers.4.main.3.bias")
                    .containsEntry(
                            "05SequentialBlock_01ParallelBlock_02SequentialBlock_02BatchNorm_beta",
                            "layers.4.shortcut.1.bias")
                    .containsEntry("07Linear_weight", "layers.6.weight");
        }
    }

    @Test
    void safeTensorsAreReadBackByDjlsOwnDecoder() throws IOException {
        Path file = dir.resolve("t.safetensors");
        List<SafeTensors.Tensor> tensors = new ArrayList<>();
        tensors.add(
                new SafeTensors.Tensor(
                        "a.weight", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));
        tensors.add(
                new SafeTensors.Tensor("a.bias", new long[] {1}, new float[] {Float.MIN_VALUE}));
        SafeTensors.write(file, tensors, Map.of("spec", "mlp:2"));
        byte[] bytes = Files.readAllBytes(file);
        long headerLength =
                java.nio.ByteBuffer.wrap(bytes, 0, 8)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .getLong();
        assertThat(headerLength % 8).isZero();
        assertThat(bytes).hasSize((int) (8 + headerLength + 4 * 7));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList decoded = NDList.decode(manager, bytes);
            assertThat(decoded.get("a.weight").getShape()).isEqualTo(new Shape(2, 3));
            assertThat(decoded.get("a.weight").toFloatArray())
                    .containsExactly(1, 2, 3, 4, 5, -6.5f);
            assertThat(decoded.get("a.bias").toFloatArray()).containsExactly(Float.MIN_VALUE);
        }
    }
}
