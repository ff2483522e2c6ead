package dev.distillery.steps.export;

import ai.djl.Device;
import dev.distillery.steps.evaluation.ModelScorecard;
import dev.distillery.steps.evaluation.ScoredSplit;
import dev.distillery.steps.imported.ImportedTeacher;
import dev.distillery.steps.imported.Teachers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A student as it would be deployed: exported as TorchScript in float32 and in int8 ({@link
 * Precision}), and each file scored the way a user would run it, loaded by DJL's PyTorch engine
 * through its {@code teacher.json} on the CPU, on the same samples: accuracy, bytes, latency, and
 * how often the int8 file predicts what the float one does.
 */
public final class DeployedVariants {
    private static final String FORMAT = "torchscript";

    /**
     * One exported variant, scored.
     *
     * @param precision float32 or int8
     * @param scorecard its accuracy, bytes of {@code model.pt}, latency and predictions
     * @param agreement the share of the samples on which it predicts the float32 file's class
     */
    public record Variant(Precision precision, ModelScorecard scorecard, double agreement) {}

    private DeployedVariants() {}

    /**
     * Exports the student trained here in {@code modelFolder} (named {@code modelName} in messages)
     * into subfolders of {@code workFolder} and scores each variant on {@code split} of the data
     * {@code fit} describes; float32 first.
     */
    public static List<Variant> measure(
            Path modelFolder,
            String modelName,
            Teachers.DataFit fit,
            ScoredSplit split,
            Path workFolder) {
        List<Variant> variants = new ArrayList<>();
        ModelScorecard float32 = null;
        for (Precision precision : Precision.values()) {
            Path folder = workFolder.resolve(precision.label());
            StudentExport.run(modelFolder, modelName, FORMAT, precision, folder);
            ModelScorecard scorecard = score(folder, modelName, fit, split);
            if (float32 == null) {
                float32 = scorecard;
            }
            variants.add(new Variant(precision, scorecard, scorecard.agreement(float32)));
        }
        return variants;
    }

    private static ModelScorecard score(
            Path folder, String modelName, Teachers.DataFit fit, ScoredSplit split) {
        try (ImportedTeacher exported =
                ImportedTeacher.load(folder, modelName, fit, Device.cpu())) {
            long bytes = ModelScorecard.bytesOf(folder, List.of(exported.contract().file()));
            return ModelScorecard.measure(
                    exported, fit.classNames().size(), split.images(), split.samples(), bytes);
        }
    }
}
