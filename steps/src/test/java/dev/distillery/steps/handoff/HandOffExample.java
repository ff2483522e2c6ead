package dev.distillery.steps.handoff;

import ai.djl.MalformedModelException;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.distillery.steps.model.ModelDescription;
import dev.distillery.steps.model.ModelZoo;
import dev.distillery.steps.model.StudentTranslatorFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The model hand-off as a plain DJL program (examples/hand-off/README.md): a student folder that
 * {@code distillery-step train} wrote loads with {@code Criteria}, its block rebuilt from {@code
 * model.json}, and classifies images. Usage: {@code HandOffExample STUDENT_FOLDER IMAGE...}.
 */
public final class HandOffExample {
    private HandOffExample() {}

    /** The criteria that load the student in {@code folder}. */
    public static Criteria<Image, Classifications> criteria(Path folder) {
        ModelDescription description = ModelDescription.read(folder.resolve("model.json"));
        Block block =
                ModelZoo.build(description.modelSpec(), description.shape(), description.classes());
        return Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(folder)
                .optModelName("model") // model-0000.params
                .optEngine("PyTorch")
                .optBlock(block)
                .optTranslator(StudentTranslatorFactory.translator(description))
                .build();
    }

    /** The classifications of {@code images} by the student in {@code folder}. */
    public static List<Classifications> classify(Path folder, List<Image> images)
            throws IOException,
                    ModelNotFoundException,
                    MalformedModelException,
                    TranslateException {
        try (ZooModel<Image, Classifications> model = criteria(folder).loadModel();
                var predictor = model.newPredictor()) {
            return predictor.batchPredict(images);
        }
    }

    public static void main(String[] args) throws Exception {
        List<Image> images =
                java.util.Arrays.stream(args)
                        .skip(1)
                        .map(
                                file -> {
                                    try {
                                        return ImageFactory.getInstance().fromFile(Path.of(file));
                                    } catch (IOException e) {
                                        throw new java.io.UncheckedIOException(e);
                                    }
                                })
                        .toList();
        List<Classifications> results = classify(Path.of(args[0]), images);
        for (int i = 0; i < images.size(); i++) {
            System.out.println(args[i + 1] + ": " + results.get(i).best());
        }
    }
}
