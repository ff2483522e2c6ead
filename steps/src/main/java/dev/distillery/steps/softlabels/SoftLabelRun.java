package dev.distillery.steps.softlabels;

import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.ImageBatch;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.data.ReadAhead;
import dev.distillery.steps.data.ValidationSplit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Labels one shard of the training samples with a teacher or an ensemble: measures the teacher's
 * calibration on the held-out split and its accuracy on the test split, then streams the logits of
 * every stored view into the shard's file batch by batch (divided by the calibrated temperature if
 * asked), so a shard of any size passes through a bounded amount of memory.
 */
public final class SoftLabelRun {
    private final TeacherEnsemble ensemble;
    private final Settings settings;
    private final Consumer<String> log;

    /**
     * How a shard is labelled.
     *
     * @param precision {@code fp32} or {@code fp16}
     * @param augmentation the augmentation whose views are labelled, if any
     * @param views number of views (1 without augmentation)
     * @param validationFraction the held-out share for calibration (0: none)
     * @param splitSeed the seed of the held-out split
     * @param calibrate whether the stored logits are divided by the calibrated temperature
     * @param batchSize samples per teacher forward pass
     * @param workers threads that read and assemble batches ahead
     * @param teachers the teachers' URIs, for the header
     */
    public record Settings(
            String precision,
            Optional<Augmentation> augmentation,
            int views,
            double validationFraction,
            long splitSeed,
            boolean calibrate,
            int batchSize,
            int workers,
            List<String> teachers) {}

    /**
     * What labelling a shard found.
     *
     * @param header the shard's header
     * @param bytes bytes of logits written
     * @param labellingSeconds seconds spent running the teacher over the shard
     * @param calibration the teacher's calibration on the held-out split, if there is one
     * @param validationAccuracy the teacher's accuracy on the held-out split, if there is one
     * @param testAccuracy the teacher's accuracy on the test split (shard 0 only)
     */
    public record Result(
            SoftLabelHeader header,
            long bytes,
            double labellingSeconds,
            Optional<TemperatureCalibration> calibration,
            Optional<Double> validationAccuracy,
            Optional<Double> testAccuracy) {}

    /** A run of {@code ensemble} with {@code settings}, reporting to {@code log}. */
    public SoftLabelRun(TeacherEnsemble ensemble, Settings settings, Consumer<String> log) {
        this.ensemble = ensemble;
        this.settings = settings;
        this.log = log;
    }

    /**
     * Labels shard {@code shard} of {@code shards} of {@code data}'s training samples into {@code
     * folder}.
     */
    public Result run(ImageDataset data, int shard, int shards, Path folder) throws IOException {
        try (ReadAhead readAhead = new ReadAhead(settings.workers())) {
            return run(data, shard, shards, folder, readAhead);
        }
    }

    private Result run(ImageDataset data, int shard, int shards, Path folder, ReadAhead readAhead)
            throws IOException {
        LabelledImages train = data.train();
        int total = train.count();
        int start = (int) ((long) total * shard / shards);
        int end = (int) ((long) total * (shard + 1) / shards);
        Optional<HeldOut> heldOut = heldOut(train, total, readAhead);
        Optional<TemperatureCalibration> calibration =
                heldOut.map(h -> TemperatureCalibration.fit(h.logits(), h.labels()));
        Optional<Double> validationAccuracy =
                heldOut.map(h -> EnsembleAccuracy.of(h.logits(), h.labels()));
        // Every shard sees the whole test split; only the first scores it.
        Optional<Double> testAccuracy =
                shard == 0 ? data.test().map(t -> accuracy(t, readAhead)) : Optional.empty();
        Optional<TemperatureCalibration> applied =
                settings.calibrate() ? calibration : Optional.empty();
        SoftLabelHeader header =
                new SoftLabelHeader(
                        total,
                        data.classes(),
                        start,
                        end,
                        shard,
                        shards,
                        settings.precision(),
                        settings.views(),
                        settings.augmentation().map(Augmentation::seed).orElse(null),
                        settings.augmentation().map(Augmentation::maxShift).orElse(0),
                        settings.augmentation().map(Augmentation::flip).orElse(false),
                        ensemble.combination(),
                        settings.teachers());
        log.accept(
                "labelling samples "
                        + start
                        + ".."
                        + end
                        + " of "
                        + total
                        + " with "
                        + settings.teachers().size()
                        + " teacher(s), "
                        + settings.views()
                        + " view(s), "
                        + settings.precision()
                        + ", "
                        + settings.workers()
                        + " reader thread(s)");
        long started = System.nanoTime();
        long bytes;
        try (SoftLabelWriter writer = new SoftLabelWriter(folder, header)) {
            ensemble.stream(
                    train,
                    identity(total),
                    start,
                    end,
                    settings.augmentation(),
                    settings.views(),
                    settings.batchSize(),
                    readAhead,
                    (view, from, rows, logits) ->
                            writer.append(applied.map(c -> c.apply(logits)).orElse(logits)));
            bytes = writer.finish();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(header, bytes, seconds, calibration, validationAccuracy, testAccuracy);
    }

    /** The combined teachers' logits on the held-out split, unless there is none. */
    private Optional<HeldOut> heldOut(LabelledImages images, int total, ReadAhead readAhead) {
        if (settings.validationFraction() == 0) {
            return Optional.empty();
        }
        int[] held =
                ValidationSplit.of(total, settings.validationFraction(), settings.splitSeed())
                        .validation();
        if (held.length == 0) {
            return Optional.empty();
        }
        float[] logits =
                ensemble.logits(
                                images,
                                held,
                                0,
                                held.length,
                                Optional.empty(),
                                1,
                                settings.batchSize(),
                                readAhead)[0];
        return Optional.of(new HeldOut(logits, ImageBatch.labels(images, held, 0, held.length)));
    }

    /** The ensemble's top-1 accuracy on {@code images}. */
    private double accuracy(LabelledImages images, ReadAhead readAhead) {
        int[] all = identity(images.count());
        float[] logits =
                ensemble.logits(
                                images,
                                all,
                                0,
                                all.length,
                                Optional.empty(),
                                1,
                                settings.batchSize(),
                                readAhead)[0];
        return EnsembleAccuracy.of(logits, ImageBatch.labels(images, all, 0, all.length));
    }

    private static int[] identity(int count) {
        int[] all = new int[count];
        for (int i = 0; i < count; i++) {
            all[i] = i;
        }
        return all;
    }

    /** Combined teacher logits on the held-out split and the true labels. */
    private record HeldOut(float[] logits, int[] labels) {}
}
