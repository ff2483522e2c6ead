package dev.distillery.steps.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.ImageShape;
import dev.distillery.steps.data.Normalization;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelZooTest {
    @TempDir Path dir;

    @Test
    void parsesSpecsWithOptionsAndPrintsThemBack() {
        ModelSpec mlp = ModelSpec.parse("mlp:1200,1200;dropout=0.5");
        assertThat(mlp.family()).isEqualTo("mlp");
        assertThat(mlp.sizes()).containsExactly(1200, 1200);
        assertThat(mlp.dropout()).isEqualTo(0.5);
        assertThat(ModelSpec.parse(mlp.text())).isEqualTo(mlp);
        assertThat(ModelSpec.parse("cnn:32,64;head=64").head()).isEqualTo(64);
        assertThat(ModelSpec.parse("resnet:16,32;blocks=1").blocks()).isEqualTo(1);
    }

    @Test
    void unknownOrMalformedSpecsAreBadInputListingTheZoo() {
        for (String spec :
                List.of("transformer:12", "mlp", "mlp:0", "mlp:12;dropout=1.5", "cnn:a")) {
            assertThatThrownBy(() -> ModelSpec.parse(spec))
                    .isInstanceOf(DistilleryException.class)
                    .hasMessageContaining("'" + spec + "'")
                    .hasMessageContaining("mlp:")
                    .hasMessageContaining("resnet:");
        }
    }

    @Test
    void everyFamilyAdaptsToInputShapeAndClassCount() {
        for (String spec : List.of("mlp:32,16;dropout=0.2", "cnn:4,8", "resnet:4,8;blocks=1")) {
            for (ImageShape shape : List.of(new ImageShape(1, 28, 28), new ImageShape(3, 9, 7))) {
                assertThat(outputShape(spec, shape, 7))
                        .as(spec + " on " + shape)
                        .isEqualTo(new Shape(2, 7));
            }
        }
    }

    @Test
    void savedModelLoadsBackWithTheSameOutputs() {
        ImageShape shape = new ImageShape(1, 8, 8);
        ModelSpec spec = ModelSpec.parse("cnn:4");
        float[] before;
        try (Model model = Model.newInstance("model");
                NDManager manager = NDManager.newBaseManager()) {
            model.setBlock(ModelZoo.build(spec, shape, 3));
            model.getBlock()
                    .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 8, 8));
            NDArray input = manager.randomUniform(0, 1, new Shape(2, 1, 8, 8));
            before = forward(model.getBlock(), manager, input).toFloatArray();
            SavedModel.save(
                    model,
                    ModelDescription.of(
                            spec.text(),
                            shape,
                            3,
                            List.of("a", "b", "c"),
                            new Normalization(0, 1),
                            SavedModel.parameterCount(model.getBlock()),
                            SavedModel.PARAMS_PREFIX),
                    dir);
            try (Model loaded = SavedModel.load(dir, Device.cpu())) {
                float[] after = forward(loaded.getBlock(), manager, input).toFloatArray();
                assertThat(after).containsExactly(before);
            }
        }
    }

    private static Shape outputShape(String spec, ImageShape shape, int classes) {
        Block block = ModelZoo.build(ModelSpec.parse(spec), shape, classes);
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(2, shape.channels(), shape.height(), shape.width());
            block.initialize(manager, DataType.FLOAT32, input);
            return forward(block, manager, manager.ones(input)).getShape();
        }
    }

    private static NDArray forward(Block block, NDManager manager, NDArray input) {
        return block.forward(new ParameterStore(manager, false), new NDList(input), false)
                .singletonOrThrow();
    }
}
