package dev.distillery.steps.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.data.Normalization;
import dev.distillery.steps.data.ValidationSplit;
import java.util.Optional;

/**
 * One pass over the training split: seeded shuffling, batches assembled in sub-managers (with the
 * teacher's logits beside the labels for a student), forward and backward on every device's slice,
 * one optimizer step per batch, and a stop on a non-finite loss naming epoch and batch.
 */
final class EpochLoop {
    private final Trainer trainer;
    private final ParameterUpdate update;
    private final LabelledImages images;
    private final Normalization normalization;
    private final Optional<Augmentation> augmentation;
    private final Optional<TeacherSignal> teacher;
    private final TrainingSettings settings;
    private final TrainingBatches batches;

    EpochLoop(
            Trainer trainer,
            ParameterUpdate update,
            LabelledImages images,
            Normalization normalization,
            Optional<Augmentation> augmentation,
            Optional<TeacherSignal> teacher,
            TrainingSettings settings) {
        this.trainer = trainer;
        this.update = update;
        this.images = images;
        this.normalization = normalization;
        this.augmentation = augmentation;
        this.teacher = teacher;
        this.settings = settings;
        this.batches = new TrainingBatches(images, normalization, augmentation, teacher);
    }

    EpochRecord train(int epoch, int[] trainSamples) {
        int[] order = shuffled(trainSamples, settings.seed() * 1_000_003L + epoch);
        double lossSum = 0;
        long correct = 0;
        long started = System.nanoTime();
        int batchNumber = 0;
        for (int from = 0; from < order.length; from += settings.batchSize()) {
            int to = Math.min(order.length, from + settings.batchSize());
            batchNumber++;
            BatchOutcome outcome = trainBatch(order, from, to, epoch);
            if (!Float.isFinite(outcome.loss())) {
                throw DistilleryException.badInput(
                        "training loss became "
                                + outcome.loss()
                                + " at epoch "
                                + epoch
                                + ", batch "
                                + batchNumber
                                + ": lower --learning-rate or check the data and the soft labels");
            }
            lossSum += outcome.loss() * (to - from);
            correct += outcome.correct();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int n = Math.max(1, order.length);
        return new EpochRecord(
                epoch,
                lossSum / n,
                (double) correct / n,
                Double.NaN,
                order.length / seconds,
                seconds);
    }

    /** Trains on {@code order[from..to)} in {@code epoch}. */
    private BatchOutcome trainBatch(int[] order, int from, int to, int epoch) {
        TrainingBatches.HostBatch host = batches.assemble(epoch, order, from, to);
        // One sub-manager per batch: inputs, activations and gradients die with it.
        try (NDManager batchManager = trainer.getManager().newSubManager()) {
            long[] d = images.shape().dimensions();
            NDList input =
                    new NDList(
                            batchManager.create(
                                    host.pixels(), new Shape(host.size(), d[0], d[1], d[2])));
            NDList target = new NDList(batchManager.create(host.labels()));
            if (teacher.isPresent()) {
                // The teacher's logits (and hint features) ride beside the labels for the loss.
                TeacherSignal.TeacherBatch taught =
                        host.taught()
                                .orElseGet(
                                        () ->
                                                teacher.get()
                                                        .label(
                                                                images,
                                                                order,
                                                                from,
                                                                to,
                                                                augmentation,
                                                                host.view()));
                target.add(
                        batchManager.create(
                                taught.logits(), new Shape(host.size(), teacher.get().classes())));
                taught.features()
                        .ifPresent(f -> target.add(batchManager.create(f.values(), f.shape())));
            }
            try (Batch batch =
                    new Batch(
                            batchManager,
                            input,
                            target,
                            host.size(),
                            Batchifier.STACK,
                            Batchifier.STACK,
                            from,
                            order.length)) {
                return step(batch);
            }
        }
    }

    /** Forward and backward over every device's slice, then one optimizer step. */
    private BatchOutcome step(Batch batch) {
        Batch[] slices = batch.split(trainer.getDevices(), false);
        float loss = 0;
        long correct = 0;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            for (Batch slice : slices) {
                NDList predictions = trainer.forward(slice.getData(), slice.getLabels());
                NDArray value = trainer.getLoss().evaluate(slice.getLabels(), predictions);
                collector.backward(value);
                loss += value.getFloat() * slice.getSize() / batch.getSize();
                NDArray right =
                        predictions
                                .head()
                                .argMax(1)
                                .toType(DataType.INT32, false)
                                .eq(slice.getLabels().head().toType(DataType.INT32, false));
                correct += right.toType(DataType.INT64, false).sum().getLong();
            }
        }
        update.step();
        return new BatchOutcome(loss, correct);
    }

    private static int[] shuffled(int[] samples, long seed) {
        int[] permutation = ValidationSplit.permutation(samples.length, seed);
        int[] out = new int[samples.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = samples[permutation[i]];
        }
        return out;
    }

    /** The mean loss of a batch and how many of its samples were classified right. */
    private record BatchOutcome(float loss, long correct) {}
}
