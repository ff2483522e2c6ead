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
import java.nio.file.Path;

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
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the model to " + folder, e);
        }
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
