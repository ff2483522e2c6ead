package dev.distillery.steps.export;

import ai.djl.Model;
import ai.djl.ModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import dev.distillery.steps.data.ImageShape;
import dev.distillery.steps.model.ModelDescription;
import dev.distillery.steps.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A student as an ONNX file, written in Java ({@link OnnxModel}; no Python), then checked the way a
 * user would run it: ONNX Runtime (DJL's OnnxRuntime engine) on a batch of random inputs against
 * the DJL network's own logits.
 */
final class OnnxExport {
    /** The inputs of the check. */
    private static final int CHECK_BATCH = 8;

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
        return largestDifference(block, manager, file, shape);
    }

    private static double largestDifference(
            Block block, NDManager manager, Path file, ImageShape shape) throws IOException {
        Shape batch = new Shape(CHECK_BATCH, shape.channels(), shape.height(), shape.width());
        float[] inputs = new float[(int) batch.size()];
        Random random = new Random(0);
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (float) random.nextGaussian();
        }
        float[] djl;
        try (NDManager scope = manager.newSubManager()) {
            NDList logits =
                    block.forward(
                            new ParameterStore(scope, false),
                            new NDList(scope.create(inputs, batch)),
                            false);
            djl = logits.singletonOrThrow().toFloatArray();
        }
        Criteria<NDList, NDList> criteria =
                Criteria.builder()
                        .setTypes(NDList.class, NDList.class)
                        .optModelPath(file)
                        .optEngine("OnnxRuntime")
                        .optTranslator(new NoopTranslator())
                        .build();
        float[] onnx;
        try (ZooModel<NDList, NDList> loaded = criteria.loadModel();
                Predictor<NDList, NDList> predictor = loaded.newPredictor();
                NDManager scope = loaded.getNDManager().newSubManager()) {
            onnx =
                    predictor
                            .predict(new NDList(scope.create(inputs, batch)))
                            .singletonOrThrow()
                            .toFloatArray();
        } catch (ModelException | TranslateException e) {
            throw new IllegalStateException(
                    "ONNX Runtime cannot run the exported " + file.getFileName() + ": " + e, e);
        }
        double largest = 0;
        for (int i = 0; i < djl.length; i++) {
            largest = Math.max(largest, Math.abs(djl[i] - onnx[i]));
        }
        return largest;
    }
}
