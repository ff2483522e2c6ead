package dev.distillery.steps.evaluation;

import ai.djl.Model;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.steps.data.ImageBatch;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.data.ReadAhead;
import dev.distillery.steps.model.ModelDescription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A model's scores and costs: its evaluation on labelled samples, its size on disk, its mean
 * latency for one sample at a time, and its time per sample in batches of 256.
 *
 * @param evaluation accuracy, per-class accuracy and loss
 * @param bytesOnDisk the size of the model's description and parameter files
 * @param latencyMillis mean milliseconds to classify one sample alone (batch of 1)
 * @param batchMillisPerSample milliseconds per sample when classifying in batches of 256
 */
public record ModelScorecard(
        ModelEvaluation evaluation,
        long bytesOnDisk,
        double latencyMillis,
        double batchMillisPerSample) {
    private static final int LATENCY_SAMPLES = 100;
    private static final int WARMUP = 5;

    /** Measures {@code model}, saved in {@code folder}, on {@code samples} of {@code images}. */
    public static ModelScorecard measure(
            Model model,
            ModelDescription description,
            LabelledImages images,
            int[] samples,
            Path folder) {
        return measure(
                new NetworkClassifier(
                        model.getBlock(),
                        model.getNDManager(),
                        model.getNDManager().getDevice(),
                        description.normalization()),
                description.classes(),
                images,
                samples,
                sizeOf(folder));
    }

    /**
     * Measures {@code classifier} ({@code classes} logits per sample, {@code bytesOnDisk} on disk)
     * on {@code samples} of {@code images}.
     */
    public static ModelScorecard measure(
            Classifier classifier,
            int classes,
            LabelledImages images,
            int[] samples,
            long bytesOnDisk) {
        Inference batched = new Inference(classifier, 256, new ReadAhead(0));
        long started = System.nanoTime();
        float[] logits = batched.logits(images, samples, 0, samples.length, Optional.empty(), 0);
        double batchMillis = (System.nanoTime() - started) / 1e6 / Math.max(1, samples.length);
        ModelEvaluation evaluation =
                ModelEvaluation.score(
                        logits, ImageBatch.labels(images, samples, 0, samples.length), classes);
        Inference single = new Inference(classifier, 1, new ReadAhead(0));
        int n = Math.min(LATENCY_SAMPLES, samples.length);
        single.logits(images, samples, 0, Math.min(WARMUP, n), Optional.empty(), 0);
        long latencyStart = System.nanoTime();
        single.logits(images, samples, 0, n, Optional.empty(), 0);
        double latency = (System.nanoTime() - latencyStart) / 1e6 / Math.max(1, n);
        return new ModelScorecard(evaluation, bytesOnDisk, latency, batchMillis);
    }

    /** The bytes of the files named {@code names} in {@code folder}. */
    public static long bytesOf(Path folder, List<String> names) {
        long bytes = 0;
        for (String name : names) {
            try {
                bytes += Files.size(folder.resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bytes;
    }

    /** The bytes of the model itself: its description and parameter files, not checkpoints. */
    private static long sizeOf(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(
                            f -> {
                                String name = f.getFileName().toString();
                                return name.equals(ArtifactFiles.MODEL_SPEC)
                                        || name.endsWith(".params");
                            })
                    .mapToLong(
                            f -> {
                                try {
                                    return Files.size(f);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
