package dev.distillery.steps.model;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import dev.distillery.contract.ArtifactFiles;
import java.nio.file.Path;
import java.util.Map;

/**
 * Rebuilds a student's block from the {@code model.json} in its folder, so DJL (a {@code Criteria}
 * with {@code blockFactory}, or DJL Serving through {@code serving.properties}) can load its {@code
 * .params} without Distillery's code calling it.
 */
public final class StudentBlockFactory implements BlockFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
        Path folder = modelPath.toFile().isDirectory() ? modelPath : modelPath.getParent();
        ModelDescription description =
                ModelDescription.read(folder.resolve(ArtifactFiles.MODEL_SPEC));
        return ModelZoo.build(description.modelSpec(), description.shape(), description.classes());
    }
}
