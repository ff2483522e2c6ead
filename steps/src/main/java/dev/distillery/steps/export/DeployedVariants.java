package dev.distillery.steps.export;

import ai.djl.Device;
import dev.distillery.steps.data.ImageBatch;
import dev.distillery.steps.data.ReadAhead;
import dev.distillery.steps.evaluation.Classifier;
import dev.distillery.steps.evaluation.Inference;
import dev.distillery.steps.evaluation.ModelEvaluation;
import dev.distillery.steps.evaluation.ModelScorecard;
import dev.distillery.steps.evaluation.ScoredSplit;
import dev.distillery.steps.imported.ImportedTeacher;
import dev.distillery.steps.imported.Teachers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A student as it would be deployed: exported as TorchScript in float32 and in int8 ({@link
 * Precision}), and each file run the way a user would run it, loaded by DJL's PyTorch engine
 * through its {@code teacher.json} on the CPU: its accuracy on the scored split, how often the int8
 * file predicts what the float one does, its bytes, and the time of its forward pass on a prepared
 * input (the tensor in, the logits out: no decoding or normalization), for one image and per image
 * in batches of {@value #BATCH}.
 */
public final class DeployedVariants {
    private static final String FORMAT = "torchscript";
    private static final int BATCH = 256;
    private static final int WARMUP = 5;
    private static final int SINGLE_RUNS = 200;
    private static final int BATCH_RUNS = 10;

    /**
     * One exported variant, measured.
     *
     * @param precision float32 or int8
     * @param accuracy top-1 accuracy on the scored split
     * @param agreement the share of the split on which it predicts the float32 file's class
     * @param bytes the size of its {@code model.pt}
     * @param millisPerImage the median time of a forward pass of one image
     * @param millisPerImageInBatches the median time of a forward pass of {@value #BATCH} images,
     *     per image
     */
    public record Variant(
            Precision precision,
            double accuracy,
            double agreement,
            long bytes,
            double millisPerImage,
            double millisPerImageInBatches) {}

    private DeployedVariants() {}

    /**
     * Exports the student trained here in {@code modelFolder} (named {@code modelName} in messages)
     * into subfolders of {@code workFolder} and measures each variant on {@code split} of the data
     * {@code fit} describes; float32 first.
     */
    public static List<Variant> measure(
            Path modelFolder,
            String modelName,
            Teachers.DataFit fit,
            ScoredSplit split,
            Path workFolder) {
        List<Variant> variants = new ArrayList<>();
        int[] float32 = null;
        for (Precision precision : Precision.values()) {
            Path folder = workFolder.resolve(precision.label());
            StudentExport.run(modelFolder, modelName, FORMAT, precision, folder);
            try (ImportedTeacher exported =
                            ImportedTeacher.load(folder, modelName, fit, Device.cpu());
                    ReadAhead onThisThread = new ReadAhead(0)) {
                int classes = fit.classNames().size();
                float[] logits =
                        new Inference(exported, BATCH, onThisThread)
                                .logits(
                                        split.images(),
                                        split.samples(),
                                        0,
                                        split.samples().length,
                                        Optional.empty(),
                                        0);
                int[] predicted = ModelEvaluation.predictions(logits, classes);
                if (float32 == null) {
                    float32 = predicted;
                }
                int[] labels =
                        ImageBatch.labels(
                                split.images(), split.samples(), 0, split.samples().length);
                variants.add(
                        new Variant(
                                precision,
                                ModelEvaluation.score(logits, labels, classes).accuracy(),
                                agreement(predicted, float32),
                                ModelScorecard.bytesOf(folder, List.of(exported.contract().file())),
                                forwardMillis(exported, split, 1, SINGLE_RUNS),
                                forwardMillis(exported, split, BATCH, BATCH_RUNS) / BATCH));
            }
        }
        return variants;
    }

    /** The share of the samples on which {@code a} and {@code b} predict the same class. */
    private static double agreement(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return a.length == 0 ? Double.NaN : (double) same / a.length;
    }

    /**
     * The median milliseconds of {@code runs} forward passes of the split's first {@code size}
     * samples, prepared once, after {@value #WARMUP} passes that are not counted.
     */
    private static double forwardMillis(
            Classifier classifier, ScoredSplit split, int size, int runs) {
        int rows = Math.min(size, split.samples().length);
        Classifier.Input input =
                classifier.prepare(
                        ImageBatch.raw(
                                split.images(), split.samples(), 0, rows, Optional.empty(), 0));
        for (int i = 0; i < WARMUP; i++) {
            classifier.logits(input);
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            classifier.logits(input);
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return millis[runs / 2] * size / rows;
    }
}
