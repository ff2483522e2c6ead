package dev.distillery.steps.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.data.Normalization;
import dev.distillery.steps.data.ReadAhead;
import dev.distillery.steps.data.ValidationSplit;
import dev.distillery.steps.loss.GraphConstant;
import java.util.Optional;

/**
 * One pass over the training split: seeded shuffling, batches assembled in sub-managers (with the
 * teacher's logits beside the labels for a student), forward and backward on every data-parallel
 * replica's slice, one optimizer step per batch, and a stop on a non-finite loss naming epoch and
 * batch.
 */
final class EpochLoop {
    private final Trainer trainer;
    private final ParameterUpdate update;
    private final Optional<TeacherSignal> teacher;
    private final TrainingSettings settings;
    private final TrainingBatches batches;
    private final Optional<Replicas> replicas;
    private final ReadAhead readAhead;

    EpochLoop(
            Trainer trainer,
            ParameterUpdate update,
            LabelledImages images,
            Normalization normalization,
            Optional<Augmentation> augmentation,
            Optional<TeacherSignal> teacher,
            TrainingSettings settings,
            Optional<Replicas> replicas,
            ReadAhead readAhead) {
        this.trainer = trainer;
        this.update = update;
        this.teacher = teacher;
        this.settings = settings;
        this.replicas = replicas;
        this.readAhead = readAhead;
        this.batches = new TrainingBatches(images, normalization, augmentation, teacher);
    }

    EpochRecord train(int epoch, int[] trainSamples) {
        int[] order = order(trainSamples, settings.seed(), epoch);
        int batchSize = settings.batchSize();
        int count = (order.length + batchSize - 1) / batchSize;
        double lossSum = 0;
        long correct = 0;
        long started = System.nanoTime();
        long dataNanos = 0;
        // Batches are decoded and assembled ahead on the reader threads, in order.
        try (ReadAhead.Results<TrainingBatches.HostBatch> ahead =
                readAhead.inOrder(
                        count,
                        b ->
                                batches.assemble(
                                        epoch,
                                        order,
                                        b * batchSize,
                                        Math.min(order.length, (b + 1) * batchSize)))) {
            for (int batchNumber = 1; ahead.hasNext(); batchNumber++) {
                long asked = System.nanoTime();
                TrainingBatches.HostBatch host = ahead.next();
                dataNanos += System.nanoTime() - asked;
                BatchOutcome outcome = trainBatch(host, epoch, batchNumber);
                if (!Float.isFinite(outcome.loss())) {
                    throw DistilleryException.badInput(
                            "training loss became "
                                    + outcome.loss()
                                    + " at epoch "
                                    + epoch
                                    + ", batch "
                                    + batchNumber
                                    + ": lower --learning-rate or check the data and the soft"
                                    + " labels");
                }
                lossSum += outcome.loss() * host.size();
                correct += outcome.correct();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int n = Math.max(1, order.length);
        return new EpochRecord(
                epoch,
                lossSum / n,
                (double) correct / n,
                Double.NaN,
                order.length / seconds,
                seconds,
                dataNanos / 1e9);
    }

    /**
     * The order the training samples are visited in epoch {@code epoch} of a run seeded by {@code
     * seed}: the one rule of every run, so students packed into one step see the batches each would
     * see alone.
     */
    static int[] order(int[] trainSamples, long seed, int epoch) {
        return shuffled(trainSamples, seed * 1_000_003L + epoch);
    }

    /**
     * The engine's seed for batch {@code batch} (from 1) of epoch {@code epoch} of a run seeded by
     * {@code seed}. Dropout draws its masks from the engine's one generator, seeded with this
     * before every batch, so a student draws the same masks alone, packed beside students that draw
     * from the same generator in between, and resumed from a checkpoint.
     */
    static int dropoutSeed(long seed, int epoch, int batch) {
        long mixed = ((seed + 1) * 0x9E3779B97F4A7C15L + epoch) * 0xBF58476D1CE4E5B9L + batch;
        return Long.hashCode(mixed ^ (mixed >>> 31));
    }

    /**
     * Trains on batch {@code batch} of epoch {@code epoch}, assembled: forward, backward and one
     * parameter update. A packed run hands the same batch to each of its students' loops.
     */
    BatchOutcome trainBatch(TrainingBatches.HostBatch host, int epoch, int batch) {
        Engine.getInstance().setRandomSeed(dropoutSeed(settings.seed(), epoch, batch));
        // One sub-manager per batch: inputs, activations and gradients die with it.
        try (NDManager batchManager = trainer.getManager().newSubManager()) {
            long[] d = host.raw().shape().dimensions();
            NDList input =
                    new NDList(
                            batchManager.create(
                                    host.pixels(), new Shape(host.size(), d[0], d[1], d[2])));
            NDList target = new NDList(batchManager.create(host.labels()));
            if (teacher.isPresent()) {
                // The teacher's logits (and hint features) ride beside the labels for the loss;
                // a teacher that runs a network labels here, on the training thread.
                TeacherSignal.TeacherBatch taught = batches.taught(host).taught().orElseThrow();
                target.add(
                        batchManager.create(
                                taught.logits(), new Shape(host.size(), teacher.get().classes())));
                taught.features()
                        .ifPresent(f -> target.add(batchManager.create(f.values(), f.shape())));
            }
            return step(input, target, host.labels());
        }
    }

    /**
     * Forward and backward of every replica's slice of the batch, each slice's mean loss weighted
     * by its share of the batch, then one optimizer step: on any number of replicas the update is
     * the one-device update of the whole batch.
     */
    private BatchOutcome step(NDList input, NDList target, int[] labels) {
        int size = Math.toIntExact(input.head().getShape().get(0));
        BatchSlices slices = BatchSlices.of(size, replicas.map(Replicas::count).orElse(1));
        float loss = 0;
        long correct = 0;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            for (int k = 0; k < slices.count(); k++) {
                SliceOutcome slice =
                        forwardAndBackward(collector, input, target, labels, slices, k);
                loss += slice.loss();
                correct += slice.correct();
            }
        }
        replicas.ifPresent(Replicas::reduceGradients);
        update.step();
        replicas.ifPresent(Replicas::broadcast);
        return new BatchOutcome(loss, correct);
    }

    private SliceOutcome forwardAndBackward(
            GradientCollector collector,
            NDList input,
            NDList target,
            int[] labels,
            BatchSlices slices,
            int k) {
        if (replicas.isEmpty()) {
            NDList predictions = trainer.forward(input, target);
            NDArray value = trainer.getLoss().evaluate(target, predictions);
            collector.backward(value);
            return new SliceOutcome(value.getFloat(), correct(predictions.head(), labels, 0));
        }
        Replicas all = replicas.get();
        // The slice's arrays and its forward pass live on its replica's device and die with it.
        try (NDManager sliceManager = trainer.getManager().newSubManager(all.device(k))) {
            NDList data = slice(input, slices, k, all.device(k), sliceManager);
            NDList sliceTarget = slice(target, slices, k, all.device(k), sliceManager);
            all.use(k);
            NDList predictions =
                    trainer.getModel().getBlock().forward(all, data, sliceTarget, null);
            NDArray value = trainer.getLoss().evaluate(sliceTarget, predictions);
            collector.backward(value.mul(GraphConstant.of(value, slices.share(k))));
            return new SliceOutcome(
                    (float) (value.getFloat() * slices.share(k)),
                    correct(predictions.head(), labels, slices.start(k)));
        }
    }

    private static NDList slice(
            NDList arrays, BatchSlices slices, int k, Device device, NDManager manager) {
        NDList out = new NDList();
        int start = slices.start(k);
        NDIndex rows = new NDIndex("{}:{}", start, start + slices.size(k));
        for (NDArray array : arrays) {
            NDArray part = array.get(rows).toDevice(device, true);
            part.attach(manager);
            out.add(part);
        }
        return out;
    }

    /**
     * How many rows of the predicted logits have their maximum at the label {@code labels[offset +
     * row]}: one copy of the logits to the host and a scan there, instead of five engine calls.
     */
    static long correct(NDArray logits, int[] labels) {
        return correct(logits, labels, 0);
    }

    private static long correct(NDArray logits, int[] labels, int offset) {
        int rows = Math.toIntExact(logits.getShape().get(0));
        float[] values = logits.toFloatArray();
        int classes = values.length / Math.max(1, rows);
        long right = 0;
        for (int r = 0; r < rows; r++) {
            int best = 0;
            int base = r * classes;
            for (int c = 1; c < classes; c++) {
                if (values[base + c] > values[base + best]) {
                    best = c;
                }
            }
            if (best == labels[offset + r]) {
                right++;
            }
        }
        return right;
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
    record BatchOutcome(float loss, long correct) {}

    /** A slice's mean loss weighted by its share of the batch, and its right predictions. */
    private record SliceOutcome(float loss, long correct) {}
}
