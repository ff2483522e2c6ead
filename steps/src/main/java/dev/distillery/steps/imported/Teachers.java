package dev.distillery.steps.imported;

import ai.djl.Device;
import ai.djl.Model;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.ImageShape;
import dev.distillery.steps.evaluation.Classifier;
import dev.distillery.steps.evaluation.NetworkClassifier;
import dev.distillery.steps.model.ModelDescription;
import dev.distillery.steps.model.SavedModel;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens a teacher folder whichever way it was made: trained by Distillery ({@code model.json} and
 * DJL parameters) or imported ({@code teacher.json} with a TorchScript or ONNX file).
 */
public final class Teachers {

    private Teachers() {}

    /** What a teacher is fitted to: the data's image shape and class names, and its name. */
    public record DataFit(ImageShape shape, List<String> classNames, String dataName) {}

    /**
     * Checks, before anything trains, that the teacher in {@code folder} (named {@code name}) takes
     * the data: a Distillery model's shape and class count, an imported teacher's contract against
     * its classes and against its own network (one forward pass). Bad input otherwise.
     */
    public static void checkFits(Path folder, String name, DataFit data) {
        if (TeacherContract.isImported(folder)) {
            try (ImportedTeacher probed = ImportedTeacher.load(folder, name, data, Device.cpu())) {
                return;
            }
        }
        ModelDescription d = ModelDescription.read(folder.resolve(ArtifactFiles.MODEL_SPEC));
        if (d.classes() != data.classNames().size() || !d.shape().equals(data.shape())) {
            throw DistilleryException.badInput(
                    "teacher "
                            + name
                            + " takes "
                            + d.shape()
                            + " images of "
                            + d.classes()
                            + " classes but the data "
                            + data.dataName()
                            + " has "
                            + data.shape()
                            + " images of "
                            + data.classNames().size()
                            + " classes");
        }
    }

    /** Loads the teacher in {@code folder} onto {@code device}; the caller closes it. */
    public static Classifier open(Path folder, String name, DataFit data, Device device) {
        if (TeacherContract.isImported(folder)) {
            return ImportedTeacher.load(folder, name, data, device);
        }
        ModelDescription description =
                ModelDescription.read(folder.resolve(ArtifactFiles.MODEL_SPEC));
        Model model = SavedModel.load(folder, device);
        return NetworkClassifier.owning(model, description);
    }
}
