package dev.distillery.steps.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.distillery.steps.data.ImageShape;
import dev.distillery.steps.model.ModelSpec;
import dev.distillery.steps.model.ModelZoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The int8 TorchScript export runs in libtorch for every model-zoo family, computes with int8
 * linear layers (its logits are near the float network's but not equal to them) and keeps no float
 * copy of their weights. (StudentExportIT checks in real PyTorch that it equals {@code
 * torch.ao.quantization.quantize_dynamic} of the exported module.)
 */
class Int8ExportTest {
    @TempDir Path dir;

    /** The largest |logit| of the last network written, on random inputs. */
    private double largestLogit;

    @ParameterizedTest
    @MethodSource("dev.distillery.steps.export.ZooNetworks#all")
    void libtorchRunsTheInt8NetworkNearTheFloatOne(String spec, int channels, int height, int width)
            throws IOException {
        double difference = write(spec, new ImageShape(channels, height, width), Precision.INT8);
        // Quantized, so not equal; near, against the largest logit the float network gives.
        assertThat(difference).as(spec).isGreaterThan(1e-6).isLessThan(0.05 * largestLogit);
    }

    @Test
    void theInt8FileHoldsAQuarterOfTheFloatLinearWeightsBytes() throws IOException {
        ImageShape shape = new ImageShape(1, 28, 28);
        write("mlp:256", shape, Precision.FLOAT32);
        long float32 = Files.size(dir.resolve("float32.pt"));
        write("mlp:256", shape, Precision.INT8);
        long int8 = Files.size(dir.resolve("int8.pt"));
        // 203,530 parameters: 814 kB of float32 weights, 204 kB in int8 (the biases stay float).
        assertThat(float32).isGreaterThan(800_000);
        assertThat(int8).isLessThan(float32 * 3 / 10);
    }

    private static float[] gaussians(Shape shape) {
        Random random = new Random(0);
        float[] values = new float[(int) shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** Writes {@code spec}, randomized, in {@code precision}; its difference from the network. */
    private double write(String spec, ImageShape shape, Precision precision) throws IOException {
        Block block = ModelZoo.build(ModelSpec.parse(spec), shape, 3);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            block.initialize(
                    manager,
                    DataType.FLOAT32,
                    new Shape(1, shape.channels(), shape.height(), shape.width()));
            ZooNetworks.randomize(block);
            Shape batch = new Shape(8, shape.channels(), shape.height(), shape.width());
            NDArray logits =
                    block.forward(
                                    new ParameterStore(manager, false),
                                    new NDList(manager.create(gaussians(batch), batch)),
                                    false)
                            .singletonOrThrow();
            largestLogit = logits.abs().max().getFloat();
            Path file = dir.resolve(precision.label() + ".pt");
            return TorchScriptExport.write(
                    block, ModelSpec.parse(spec), shape, 3, manager, file, precision);
        }
    }
}
