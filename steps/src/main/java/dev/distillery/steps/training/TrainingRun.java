package dev.distillery.steps.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.ImageBatch;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.data.Normalization;
import dev.distillery.steps.data.ValidationSplit;
import dev.distillery.steps.evaluation.Inference;
import dev.distillery.steps.evaluation.ModelEvaluation;
import dev.distillery.steps.loss.DistillationLoss;
import dev.distillery.steps.model.ModelDescription;
import dev.distillery.steps.model.ModelZoo;
import dev.distillery.steps.model.SavedModel;
import dev.distillery.steps.softlabels.SoftLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Trains one network on a dataset, as a teacher (hard labels only) or as a student (Hinton's loss
 * against stored teacher logits), checkpointing every epoch and resuming from a checkpoint.
 */
public final class TrainingRun {
    private final TrainingSettings settings;
    private final Device[] devices;
    private final Consumer<String> log;

    /** A run with {@code settings} on {@code devices}, reporting progress to {@code log}. */
    public TrainingRun(TrainingSettings settings, Device[] devices, Consumer<String> log) {
        this.settings = settings;
        this.devices = devices;
        this.log = log;
    }

    /**
     * Trains on {@code data}, continues from {@code checkpoint} if present, hands every epoch's
     * checkpoint to {@code sink}, and saves the final model into {@code modelFolder}.
     */
    public TrainingResult run(
            ImageDataset data,
            Optional<SoftLabels> teacher,
            Optional<Path> checkpoint,
            CheckpointSink sink,
            Path modelFolder) {
        Engine.getInstance().setRandomSeed((int) settings.seed());
        LabelledImages images = data.train();
        ValidationSplit split =
                ValidationSplit.of(images.count(), settings.validationFraction(), settings.seed());
        Normalization normalization = Normalization.of(images);
        Optional<Augmentation> augmentation = augmentation(teacher);
        Block block = ModelZoo.build(settings.spec(), data.shape(), data.classes());
        // The model owns every parameter and optimizer state; the trainer must close before it.
        try (Model model = Model.newInstance("model", devices[0])) {
            model.setBlock(block);
            List<EpochRecord> history = new ArrayList<>();
            int start = 0;
            if (checkpoint.isPresent()) {
                Checkpoint saved = Checkpoint.read(checkpoint.get());
                requireSameRun(saved, checkpoint.get());
                Checkpoint.loadParameters(model, checkpoint.get());
                history.addAll(saved.history());
                start = saved.epoch();
                log.accept("resuming after epoch " + start + " from the checkpoint");
            }
            Loss loss =
                    teacher.isPresent()
                            ? new DistillationLoss(settings.temperature(), settings.alpha())
                            : Loss.softmaxCrossEntropyLoss();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(loss).optOptimizer(optimizer()).optDevices(devices);
            try (Trainer trainer = model.newTrainer(config)) {
                long[] dims = data.shape().dimensions();
                trainer.initialize(new Shape(1, dims[0], dims[1], dims[2]));
                EpochLoop loop =
                        new EpochLoop(
                                trainer, images, normalization, augmentation, teacher, settings);
                for (int epoch = start + 1; epoch <= settings.epochs(); epoch++) {
                    EpochRecord trained = loop.train(epoch, split.train());
                    double validation =
                            split.validation().length == 0
                                    ? Double.NaN
                                    : evaluate(model, normalization, images, split.validation())
                                            .accuracy();
                    EpochRecord record =
                            new EpochRecord(
                                    epoch,
                                    trained.loss(),
                                    trained.trainAccuracy(),
                                    validation,
                                    trained.samplesPerSecond(),
                                    trained.seconds());
                    history.add(record);
                    log.accept(describe(record));
                    saveCheckpoint(
                            model,
                            new Checkpoint(epoch, settings.spec().text(), settings.seed(), history),
                            sink);
                }
            }
            ModelDescription description =
                    new ModelDescription(
                            settings.spec().text(),
                            new int[] {
                                (int) dims(data)[0], (int) dims(data)[1], (int) dims(data)[2]
                            },
                            data.classes(),
                            data.classNames(),
                            normalization.mean(),
                            normalization.std(),
                            SavedModel.parameterCount(block),
                            SavedModel.PARAMS_PREFIX);
            SavedModel.save(model, description, modelFolder);
            Optional<ModelEvaluation> validation =
                    split.validation().length == 0
                            ? Optional.empty()
                            : Optional.of(
                                    evaluate(model, normalization, images, split.validation()));
            Optional<ModelEvaluation> test =
                    data.test().map(t -> evaluate(model, normalization, t, allOf(t)));
            return new TrainingResult(
                    description,
                    history,
                    validation,
                    test,
                    start,
                    DeviceChoice.describe(devices),
                    split.train().length);
        }
    }

    private Optional<Augmentation> augmentation(Optional<SoftLabels> teacher) {
        if (teacher.isPresent()) {
            if (teacher.get().augmentation().isPresent()) {
                log.accept(
                        "training on the augmented views the teacher labelled ("
                                + teacher.get().views()
                                + " view(s) per sample)");
            } else if (settings.augment()) {
                log.accept(
                        "--augment ignored: the soft labels were computed on un-augmented images,"
                                + " and the student must see the view the teacher labelled");
            }
            return teacher.get().augmentation();
        }
        return settings.augment()
                ? Optional.of(Augmentation.withSeed(settings.seed()))
                : Optional.empty();
    }

    private void requireSameRun(Checkpoint saved, Path folder) {
        if (!saved.spec().equals(settings.spec().text())) {
            throw DistilleryException.badInput(
                    "checkpoint "
                            + folder
                            + " belongs to model "
                            + saved.spec()
                            + ", not "
                            + settings.spec().text()
                            + ": use another --output");
        }
    }

    private Optimizer optimizer() {
        Tracker rate = Tracker.fixed((float) settings.learningRate());
        float decay = (float) settings.weightDecay();
        if (settings.optimizer().equals("sgd")) {
            return Optimizer.sgd()
                    .setLearningRateTracker(rate)
                    .optMomentum((float) settings.momentum())
                    .optWeightDecays(decay)
                    .build();
        }
        return Optimizer.adam().optLearningRateTracker(rate).optWeightDecays(decay).build();
    }

    private ModelEvaluation evaluate(
            Model model, Normalization normalization, LabelledImages images, int[] samples) {
        Inference inference =
                new Inference(
                        model.getBlock(), model.getNDManager(), devices[0], normalization, 512);
        float[] logits = inference.logits(images, samples, 0, samples.length, Optional.empty(), 0);
        return ModelEvaluation.score(
                logits,
                ImageBatch.labels(images, samples, 0, samples.length),
                classes(logits, samples));
    }

    private static int classes(float[] logits, int[] samples) {
        return samples.length == 0 ? 1 : logits.length / samples.length;
    }

    private void saveCheckpoint(Model model, Checkpoint checkpoint, CheckpointSink sink) {
        try {
            Path folder = Files.createTempDirectory("distillery-checkpoint");
            checkpoint.write(model, folder);
            sink.save(folder);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the checkpoint", e);
        }
    }

    private static long[] dims(ImageDataset data) {
        return data.shape().dimensions();
    }

    private static int[] allOf(LabelledImages images) {
        int[] all = new int[images.count()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    private static String describe(EpochRecord r) {
        return String.format(
                "epoch %d: loss %.4f, train accuracy %.4f, validation accuracy %.4f, %.0f samples/s",
                r.epoch(),
                r.loss(),
                r.trainAccuracy(),
                r.validationAccuracy(),
                r.samplesPerSecond());
    }

    /** One pass over the training split: batches, forward and backward, optimizer steps. */
    private static final class EpochLoop {
        private final Trainer trainer;
        private final LabelledImages images;
        private final Normalization normalization;
        private final Optional<Augmentation> augmentation;
        private final Optional<SoftLabels> teacher;
        private final TrainingSettings settings;

        EpochLoop(
                Trainer trainer,
                LabelledImages images,
                Normalization normalization,
                Optional<Augmentation> augmentation,
                Optional<SoftLabels> teacher,
                TrainingSettings settings) {
            this.trainer = trainer;
            this.images = images;
            this.normalization = normalization;
            this.augmentation = augmentation;
            this.teacher = teacher;
            this.settings = settings;
        }

        EpochRecord train(int epoch, int[] trainSamples) {
            int[] order = shuffled(trainSamples, settings.seed() * 1_000_003L + epoch);
            int view = epoch - 1;
            double lossSum = 0;
            long correct = 0;
            int batchSize = settings.batchSize();
            long started = System.nanoTime();
            int batchNumber = 0;
            for (int from = 0; from < order.length; from += batchSize) {
                int to = Math.min(order.length, from + batchSize);
                batchNumber++;
                float[] pixels =
                        ImageBatch.pixels(
                                images, order, from, to, normalization, augmentation, view);
                int[] labels = ImageBatch.labels(images, order, from, to);
                // One sub-manager per batch: inputs, activations and gradients die with it.
                try (NDManager batchManager = trainer.getManager().newSubManager()) {
                    long[] d = images.shape().dimensions();
                    NDList input =
                            new NDList(
                                    batchManager.create(
                                            pixels, new Shape(to - from, d[0], d[1], d[2])));
                    NDList target = new NDList(batchManager.create(labels));
                    if (teacher.isPresent()) {
                        float[] logits = teacher.get().logits(order, from, to, view);
                        target.add(
                                batchManager.create(
                                        logits, new Shape(to - from, teacher.get().classes())));
                    }
                    try (Batch batch =
                            new Batch(
                                    batchManager,
                                    input,
                                    target,
                                    to - from,
                                    Batchifier.STACK,
                                    Batchifier.STACK,
                                    from,
                                    order.length)) {
                        float[] outcome = step(batch);
                        if (!Float.isFinite(outcome[0])) {
                            throw DistilleryException.badInput(
                                    "training loss became "
                                            + outcome[0]
                                            + " at epoch "
                                            + epoch
                                            + ", batch "
                                            + batchNumber
                                            + ": lower --learning-rate or check the data and the"
                                            + " soft labels");
                        }
                        lossSum += outcome[0] * (to - from);
                        correct += (long) outcome[1];
                    }
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
                    seconds);
        }

        /** Forward and backward over every device's slice, then one optimizer step. */
        private float[] step(Batch batch) {
            Batch[] slices = batch.split(trainer.getDevices(), false);
            float loss = 0;
            float correct = 0;
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
                                    .toType(ai.djl.ndarray.types.DataType.INT32, false)
                                    .eq(
                                            slice.getLabels()
                                                    .head()
                                                    .toType(
                                                            ai.djl.ndarray.types.DataType.INT32,
                                                            false));
                    correct += right.sum().getLong();
                }
            }
            trainer.step();
            return new float[] {loss, correct};
        }

        private static int[] shuffled(int[] samples, long seed) {
            int[] permutation = ValidationSplit.permutation(samples.length, seed);
            int[] out = new int[samples.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = samples[permutation[i]];
            }
            return out;
        }
    }
}
