package dev.distillery.steps.export;

import ai.djl.ModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.distillery.steps.data.ImageShape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * Checks an exported file the way a user would run it: loaded by the engine its format belongs to
 * (ONNX Runtime, PyTorch), on a batch of seeded random inputs, against the DJL network it came
 * from.
 */
final class ExportCheck {
    /** The inputs of the check. */
    private static final int BATCH = 8;

    private ExportCheck() {}

    /**
     * The largest logit difference between {@code file}, run by DJL's {@code engine}, and {@code
     * block} (its arrays made in {@code manager}) on the same random images of {@code shape}.
     */
    static double largestDifference(
            Block block, NDManager manager, Path file, String engine, ImageShape shape)
            throws IOException {
        Shape batch = new Shape(BATCH, shape.channels(), shape.height(), shape.width());
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
                        .optEngine(engine)
                        .optTranslator(new NoopTranslator())
                        .build();
        float[] exported;
        try (ZooModel<NDList, NDList> loaded = criteria.loadModel();
                Predictor<NDList, NDList> predictor = loaded.newPredictor();
                NDManager scope = loaded.getNDManager().newSubManager()) {
            exported =
                    predictor
                            .predict(new NDList(scope.create(inputs, batch)))
                            .singletonOrThrow()
                            .toFloatArray();
        } catch (ModelException | TranslateException e) {
            throw new IllegalStateException(
                    engine + " cannot run the exported " + file.getFileName() + ": " + e, e);
        }
        double largest = 0;
        for (int i = 0; i < djl.length; i++) {
            largest = Math.max(largest, Math.abs(djl[i] - exported[i]));
        }
        return largest;
    }
}
