package dev.distillery.steps.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.ImageShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterExportTest {
    @TempDir Path dir;

    @Test
    void exportsEveryParameterUnderItsPathName() throws IOException {
        for (String format : new String[] {"safetensors", "npz"}) {
            Block block = ModelZoo.build(ModelSpec.parse("mlp:6"), new ImageShape(1, 2, 2), 3);
            try (NDManager manager = NDManager.newBaseManager()) {
                block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 2, 2));
                Path file = ParameterExport.write(block, format, dir);
                assertThat(file.getFileName().toString()).isEqualTo("model." + format);
                NDList decoded = NDList.decode(manager, Files.readAllBytes(file));
                assertThat(decoded).hasSize(4);
                long values = 0;
                for (var array : decoded) {
                    values += array.size();
                }
                assertThat(values).isEqualTo(SavedModel.parameterCount(block));
                for (var parameter : block.getParameters()) {
                    var exported =
                            decoded.stream()
                                    .filter(a -> a.getName().equals(parameter.getKey()))
                                    .findFirst()
                                    .orElseThrow();
                    assertThat(exported.toFloatArray())
                            .containsExactly(parameter.getValue().getArray().toFloatArray());
                }
                // The block's own arrays keep their names.
                assertThat(block.getParameters().get(0).getValue().getArray().getName())
                        .isEqualTo("weight");
            }
        }
    }

    @Test
    void unknownFormatIsBadInput() {
        assertThatThrownBy(() -> ParameterExport.fileName("onnx"))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("--export must be safetensors or npz");
    }
}
