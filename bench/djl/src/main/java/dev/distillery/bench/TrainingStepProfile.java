package dev.distillery.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.distillery.steps.data.IdxDataset;
import dev.distillery.steps.data.ImageBatch;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.data.Normalization;
import dev.distillery.steps.data.ValidationSplit;
import dev.distillery.steps.model.ModelSpec;
import dev.distillery.steps.model.ModelZoo;
import dev.distillery.steps.training.FusedAdam;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Times each phase of the steps' training batch (the body of {@code EpochLoop}: batch assembly,
 * forward, loss, backward, the loss and accuracy read back, the optimizer step) on the steps' own
 * networks and data classes, to find where DJL spends time that PyTorch eager does not. A variant
 * replaces one phase to measure what a fix would save.
 *
 * <p>Per phase it reports the mean over the steady-state batches and the fastest full batch, which
 * is the better estimate of the uncontended cost on a busy machine.
 *
 * <p>Usage: {@code TrainingStepProfile MODEL DATA_FOLDER LIMIT EPOCHS VARIANT} with VARIANT {@code
 * steps} (as the steps do it: {@code FusedAdam}), {@code no-accuracy} (no per-batch accuracy) or
 * {@code djl-adam} (DJL's own Adam through {@code trainer.step()}, as the steps did before {@code
 * FusedAdam}).
 */
public final class TrainingStepProfile {
    private static final String[] PHASES = {
        "batch", "forward", "loss", "backward", "readback", "optimizer"
    };

    private TrainingStepProfile() {}

    /** Runs the profile and prints one JSON line. */
    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println(
                    "usage: TrainingStepProfile MODEL DATA_FOLDER LIMIT EPOCHS"
                            + " steps|no-accuracy|djl-adam");
            System.exit(2);
        }
        ModelSpec spec = ModelSpec.parse(args[0]);
        ImageDataset data = IdxDataset.read(Path.of(args[1])).limitTraining(parse(args[2]));
        int epochs = parse(args[3]);
        String variant = args[4];
        Engine.getInstance().setRandomSeed(42);
        LabelledImages images = data.train();
        Normalization normalization =
                Normalization.of(images, java.util.stream.IntStream.range(0, images.count()).toArray());
        long[] phaseNanos = new long[PHASES.length];
        long[] fastest = new long[PHASES.length];
        java.util.Arrays.fill(fastest, Long.MAX_VALUE);
        List<Double> epochRates = new ArrayList<>();
        try (Model model = Model.newInstance("profile")) {
            model.setBlock(ModelZoo.build(spec, data.shape(), data.classes()));
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam);
            try (Trainer trainer = model.newTrainer(config)) {
                long[] d = data.shape().dimensions();
                trainer.initialize(new Shape(1, d[0], d[1], d[2]));
                // Built for every variant (its moments are allocated either way), stepped unless
                // the variant is djl-adam.
                try (FusedAdam fused = new FusedAdam(trainer, Tracker.fixed(1e-3f), 0)) {
                    Runnable step = variant.equals("djl-adam") ? trainer::step : fused::step;
                    for (int epoch = 1; epoch <= epochs; epoch++) {
                        long[] nanos = new long[PHASES.length];
                        int[] order =
                                ValidationSplit.permutation(
                                        images.count(), 1_000_003L * 42 + epoch);
                        long started = System.nanoTime();
                        for (int from = 0; from < order.length; from += 128) {
                            int to = Math.min(order.length, from + 128);
                            long[] single = new long[PHASES.length];
                            batch(
                                    trainer,
                                    images,
                                    normalization,
                                    order,
                                    from,
                                    to,
                                    variant,
                                    step,
                                    single);
                            for (int p = 0; p < PHASES.length; p++) {
                                nanos[p] += single[p];
                                if (epoch > 1 && to - from == 128) {
                                    fastest[p] = Math.min(fastest[p], single[p]);
                                }
                            }
                        }
                        double seconds = (System.nanoTime() - started) / 1e9;
                        if (epoch > 1) {
                            epochRates.add(order.length / seconds);
                            for (int p = 0; p < PHASES.length; p++) {
                                phaseNanos[p] += nanos[p];
                            }
                        }
                        System.err.printf(
                                Locale.ROOT,
                                "epoch %d: %.0f samples/s%n",
                                epoch,
                                order.length / seconds);
                    }
                }
            }
        }
        StringBuilder json = new StringBuilder("{\"side\": \"djl\", \"variant\": \"");
        json.append(variant).append("\", \"model\": \"").append(spec.text()).append('"');
        json.append(", \"samplesPerSecond\": ").append(epochRates);
        long batches = (long) (epochs - 1) * ((images.count() + 127) / 128);
        json.append(", \"msPerBatch\": {");
        for (int p = 0; p < PHASES.length; p++) {
            json.append(p == 0 ? "" : ", ").append('"').append(PHASES[p]).append("\": ");
            json.append(String.format(Locale.ROOT, "%.3f", phaseNanos[p] / 1e6 / batches));
        }
        json.append("}, \"fastestMsPerBatch\": {");
        for (int p = 0; p < PHASES.length; p++) {
            json.append(p == 0 ? "" : ", ").append('"').append(PHASES[p]).append("\": ");
            json.append(String.format(Locale.ROOT, "%.3f", fastest[p] / 1e6));
        }
        System.out.println(json.append("}}"));
    }

    private static void batch(
            Trainer trainer,
            LabelledImages images,
            Normalization normalization,
            int[] order,
            int from,
            int to,
            String variant,
            Runnable step,
            long[] nanos) {
        long t0 = System.nanoTime();
        float[] pixels =
                ImageBatch.pixels(images, order, from, to, normalization, Optional.empty(), 0);
        int[] labels = ImageBatch.labels(images, order, from, to);
        try (NDManager batchManager = trainer.getManager().newSubManager()) {
            long[] d = images.shape().dimensions();
            NDList input =
                    new NDList(batchManager.create(pixels, new Shape(to - from, d[0], d[1], d[2])));
            NDList target = new NDList(batchManager.create(labels));
            long t1 = System.nanoTime();
            nanos[0] += t1 - t0;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(input, target);
                long t2 = System.nanoTime();
                NDArray value = trainer.getLoss().evaluate(target, predictions);
                long t3 = System.nanoTime();
                collector.backward(value);
                long t4 = System.nanoTime();
                float loss = value.getFloat();
                if (!variant.equals("no-accuracy")) {
                    NDArray right =
                            predictions
                                    .head()
                                    .argMax(1)
                                    .toType(DataType.INT32, false)
                                    .eq(target.head().toType(DataType.INT32, false));
                    right.toType(DataType.INT64, false).sum().getLong();
                }
                long t5 = System.nanoTime();
                nanos[1] += t2 - t1;
                nanos[2] += t3 - t2;
                nanos[3] += t4 - t3;
                nanos[4] += t5 - t4;
                if (!Float.isFinite(loss)) {
                    throw new IllegalStateException("loss became " + loss);
                }
            }
            long t6 = System.nanoTime();
            step.run();
            nanos[5] += System.nanoTime() - t6;
        }
    }

    private static int parse(String value) {
        return Integer.parseInt(value.trim());
    }
}
