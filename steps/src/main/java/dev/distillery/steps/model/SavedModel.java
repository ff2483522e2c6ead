package dev.distillery.steps.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.contract.DistilleryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Saves and loads a network as {@code model.json} plus DJL parameters ({@code model-0000.params}):
 * the description rebuilds the block with {@link ModelZoo}, then DJL loads the parameters into it.
 */
public final class SavedModel {
    /** The prefix of the parameter file. */
    public static final String PARAMS_PREFIX = "model";

    private SavedModel() {}

    /** Writes {@code model}'s parameters and its description into {@code folder}. */
    public static void save(Model model, ModelDescription description, Path folder) {
        try {
            model.setProperty("Epoch", "0");
            model.save(folder, PARAMS_PREFIX);
            description.write(folder.resolve(ArtifactFiles.MODEL_SPEC));
            writeServingFiles(description, folder);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the model to " + folder, e);
        }
    }

    /** The DJL Serving configuration written beside every saved model. */
    public static final String SERVING_PROPERTIES = "serving.properties";

    /**
     * Writes {@code serving.properties}: the engine, the block factory that rebuilds the network
     * from {@code model.json} and the translator factory that feeds it images as training did, so
     * DJL Serving (or a {@code Criteria} given only the folder) can serve the folder as it is.
     */
    static void writeServingFiles(ModelDescription description, Path folder) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < description.classes(); c++) {
            List<String> given = description.classNames();
            names.add(given != null && c < given.size() ? given.get(c) : String.valueOf(c));
        }
        // DJL's translators read the class names from synset.txt.
        Files.write(folder.resolve("synset.txt"), names, StandardCharsets.UTF_8);
        List<String> lines =
                List.of(
                        "# djl-serving -m \"student=file://<this folder>\" with the steps jar in"
                                + " the model's libs/ or on the classpath",
                        "engine=PyTorch",
                        "option.modelName=" + PARAMS_PREFIX,
                        "blockFactory=" + StudentBlockFactory.class.getName(),
                        "translatorFactory=" + StudentTranslatorFactory.class.getName());
        Files.write(folder.resolve(SERVING_PROPERTIES), lines, StandardCharsets.UTF_8);
    }

    /**
     * Loads the model saved in {@code folder} onto {@code device}; the caller closes it. A missing
     * or mismatched file is bad input naming the folder.
     */
    public static Model load(Path folder, Device device) {
        ModelDescription description =
                ModelDescription.read(folder.resolve(ArtifactFiles.MODEL_SPEC));
        Model model = Model.newInstance(PARAMS_PREFIX, device);
        try {
            model.setBlock(
                    ModelZoo.build(
                            description.modelSpec(), description.shape(), description.classes()));
            model.load(folder, PARAMS_PREFIX);
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            if (e instanceof DistilleryException d) {
                throw d;
            }
            throw DistilleryException.badInput(
                    "model in " + folder + " cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** The number of trainable values in {@code block}'s parameters. */
    public static long parameterCount(Block block) {
        long count = 0;
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            if (parameter.getValue().isInitialized() && parameter.getValue().requiresGradient()) {
                count += parameter.getValue().getArray().size();
            }
        }
        return count;
    }
}
