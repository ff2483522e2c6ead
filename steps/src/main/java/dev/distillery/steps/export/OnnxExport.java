package dev.distillery.steps.export;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.distillery.steps.data.ImageShape;
import dev.distillery.steps.model.ModelDescription;
import dev.distillery.steps.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A student as an ONNX file, written in Java ({@link OnnxModel}; no Python), then checked the way a
 * user would run it: ONNX Runtime (DJL's OnnxRuntime engine) on a batch of random inputs against
 * the DJL network's own logits ({@link ExportCheck}).
 */
final class OnnxExport {

    private OnnxExport() {}

    /**
     * Writes {@code model} (loaded from {@code description}) to {@code file}; returns the largest
     * logit difference between ONNX Runtime on the file and DJL on the same random inputs.
     */
    static double write(ModelDescription description, Model model, Path file) throws IOException {
        return write(
                model.getBlock(),
                description.modelSpec(),
                description.shape(),
                description.classes(),
                model.getNDManager(),
                file);
    }

    /**
     * Writes {@code block}, built by the model zoo from {@code spec} for {@code shape} and {@code
     * classes}, to {@code file}; returns the largest logit difference between ONNX Runtime on the
     * file and the block on the same random inputs, made in {@code manager}.
     */
    static double write(
            Block block,
            ModelSpec spec,
            ImageShape shape,
            int classes,
            NDManager manager,
            Path file)
            throws IOException {
        TorchNetwork network = TorchNetwork.of(spec, shape, classes);
        Map<String, OnnxModel.Tensor> parameters = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            NDArray array = parameter.getValue().getArray();
            parameters.put(
                    parameter.getKey(),
                    new OnnxModel.Tensor(array.getShape().getShape(), array.toFloatArray()));
        }
        Files.write(
                file,
                OnnxModel.write(
                        network.structure(),
                        parameters,
                        shape.channels(),
                        shape.height(),
                        shape.width(),
                        classes));
        return ExportCheck.largestDifference(block, manager, file, "OnnxRuntime", shape);
    }
}
