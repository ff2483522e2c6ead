package dev.distillery.steps.model;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.modality.cv.translator.ImageClassificationTranslator;
import ai.djl.modality.cv.translator.ImageClassificationTranslatorFactory;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Transform;
import ai.djl.translate.Translator;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.steps.data.Normalization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DJL's image classification translator set up from a student's {@code model.json}: its colour
 * flag, the per-channel normalization it was trained with and its class names. Named in {@code
 * serving.properties} so DJL Serving (and a {@code Criteria} without a translator) feed the student
 * as training did; the serving expansions (Input/Output) come from DJL's factory.
 */
public class StudentTranslatorFactory extends ImageClassificationTranslatorFactory {
    private static final long serialVersionUID = 1L;

    @Override
    protected Translator<Image, Classifications> buildBaseTranslator(
            Model model, Map<String, ?> arguments) {
        return translator(
                ModelDescription.read(model.getModelPath().resolve(ArtifactFiles.MODEL_SPEC)));
    }

    /** The translator for a student described by {@code description}. */
    public static ImageClassificationTranslator translator(ModelDescription description) {
        Normalization normalization = description.normalization();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < description.classes(); c++) {
            List<String> given = description.classNames();
            names.add(given != null && c < given.size() ? given.get(c) : String.valueOf(c));
        }
        return ImageClassificationTranslator.builder()
                .optFlag(description.inputShape()[0] == 1 ? Image.Flag.GRAYSCALE : Image.Flag.COLOR)
                .addTransform(new ToTensor())
                .addTransform(normalize(normalization))
                .optSynset(names)
                .optApplySoftmax(true)
                .build();
    }

    /**
     * {@code (x - mean[c]) / std[c]} on a (C, H, W) tensor; DJL's {@code Normalize} assumes three
     * channels.
     */
    private static Transform normalize(Normalization normalization) {
        float[] mean = floats(normalization.mean());
        float[] std = floats(normalization.std());
        return array -> {
            Shape perChannel = new Shape(mean.length, 1, 1);
            NDManager manager = array.getManager();
            return array.sub(manager.create(mean, perChannel)).div(manager.create(std, perChannel));
        };
    }

    private static float[] floats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
