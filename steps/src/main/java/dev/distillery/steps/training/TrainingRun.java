package dev.distillery.steps.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.ImageBatch;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.data.Normalization;
import dev.distillery.steps.data.ReadAhead;
import dev.distillery.steps.data.ValidationSplit;
import dev.distillery.steps.evaluation.Inference;
import dev.distillery.steps.evaluation.ModelEvaluation;
import dev.distillery.steps.model.ModelDescription;
import dev.distillery.steps.model.ModelZoo;
import dev.distillery.steps.model.ParameterExport;
import dev.distillery.steps.model.SavedModel;
import dev.distillery.steps.softlabels.SoftLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Trains one network on a dataset, as a teacher (hard labels only) or as a student (Hinton's loss
 * against stored teacher logits), checkpointing every epoch and resuming from a checkpoint.
 */
public final class TrainingRun {
    private final TrainingSettings settings;
    private final RunSettings run;
    private final Device[] devices;
    private final int workers;
    private final Consumer<String> log;

    /** A run with {@code settings} on {@code devices}, reporting progress to {@code log}. */
    public TrainingRun(TrainingSettings settings, Device[] devices, Consumer<String> log) {
        this(settings, Map.of(), devices, 0, log);
    }

    /**
     * A run with {@code settings} on {@code inputs} (the flags naming its data and teacher, which
     * join the {@link RunSettings} its checkpoints must match) on {@code devices}, with {@code
     * workers} threads decoding and assembling batches ahead of the training thread (0: none).
     */
    public TrainingRun(
            TrainingSettings settings,
            Map<String, String> inputs,
            Device[] devices,
            int workers,
            Consumer<String> log) {
        this.settings = settings;
        this.run = RunSettings.of(settings, inputs);
        this.devices = devices;
        this.workers = workers;
        this.log = log;
    }

    /** Everything that determines this run, as stored in its checkpoints. */
    public RunSettings runSettings() {
        return run;
    }

    /**
     * Trains on {@code data} (as a student of {@code teacher} if present), continues from {@code
     * checkpoint} if present, hands every epoch's checkpoint to {@code sink}, saves the final model
     * into {@code modelFolder} and exports its parameters as {@code export} ({@code safetensors} or
     * {@code npz}) if present.
     */
    public TrainingResult run(
            ImageDataset data,
            Optional<TeacherSignal> teacher,
            Optional<Path> checkpoint,
            CheckpointSink sink,
            Path modelFolder,
            Optional<String> export) {
        export.ifPresent(ParameterExport::fileName);
        Engine.getInstance().setRandomSeed((int) settings.seed());
        LabelledImages images = data.train();
        ValidationSplit split =
                ValidationSplit.of(
                        images.count(), settings.validationFraction(), settings.splitSeed());
        if (split.train().length == 0) {
            throw DistilleryException.badInput(
                    "no training samples left: "
                            + images.count()
                            + " sample(s) minus a validation share of "
                            + settings.validationFraction()
                            + " (raise --limit or lower --val-fraction)");
        }
        try (ReadAhead readAhead = new ReadAhead(workers)) {
            return run(
                    data, teacher, checkpoint, sink, modelFolder, export, images, split, readAhead);
        }
    }

    private TrainingResult run(
            ImageDataset data,
            Optional<TeacherSignal> teacher,
            Optional<Path> checkpoint,
            CheckpointSink sink,
            Path modelFolder,
            Optional<String> export,
            LabelledImages images,
            ValidationSplit split,
            ReadAhead readAhead) {
        // Per-channel statistics of the training part only: the held-out images stay unseen.
        Normalization normalization = Normalization.of(images, split.train(), readAhead);
        Optional<Augmentation> augmentation = augmentation(settings, teacher, log);
        long[] dims = data.shape().dimensions();
        Shape input = new Shape(1, dims[0], dims[1], dims[2]);
        Block student = ModelZoo.build(settings.spec(), data.shape(), data.classes());
        TrainingObjective objective = TrainingObjective.of(settings, student, input, teacher);
        // The model owns every parameter and optimizer state; the trainer must close before it.
        try (BestEpoch best = new BestEpoch(settings.earlyStopping());
                Model model = Model.newInstance("model", devices[0])) {
            model.setBlock(objective.block());
            List<EpochRecord> history = new ArrayList<>();
            int start = 0;
            if (checkpoint.isPresent()) {
                Checkpoint saved = Checkpoint.read(checkpoint.get());
                requireSameRun(saved, checkpoint.get());
                Checkpoint.loadParameters(model, checkpoint.get());
                history.addAll(saved.history());
                start = saved.epoch();
                best.resume(saved, checkpoint.get());
                log.accept("resuming after epoch " + start + " from the checkpoint");
            }
            int stepsPerEpoch =
                    (split.train().length + settings.batchSize() - 1) / settings.batchSize();
            Tracker rate = LearningRateSchedule.of(settings, stepsPerEpoch, start);
            // The trainer and the optimizer live on the first device; further devices are
            // data-parallel replicas whose gradients are reduced into it (Replicas).
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(objective.loss())
                            .optDevices(new Device[] {devices[0]});
            optimizer(settings, config, rate);
            boolean stoppedEarly = false;
            try (Trainer trainer = model.newTrainer(config);
                    ParameterUpdate update = parameterUpdate(settings, trainer, input, rate);
                    Replicas replicas =
                            new Replicas(objective.block(), devices, trainer.getManager())) {
                if (checkpoint.isPresent()) {
                    update.restore(checkpoint.get(), log);
                }
                EpochLoop loop =
                        new EpochLoop(
                                trainer,
                                update,
                                images,
                                normalization,
                                augmentation,
                                teacher,
                                settings,
                                devices.length > 1 ? Optional.of(replicas) : Optional.empty(),
                                readAhead);
                for (int epoch = start + 1; epoch <= settings.epochs(); epoch++) {
                    if (best.shouldStop(epoch - 1)) {
                        stoppedEarly = true;
                        break;
                    }
                    EpochRecord trained = loop.train(epoch, split.train());
                    double validation =
                            split.validation().length == 0
                                    ? Double.NaN
                                    : evaluate(
                                                    model,
                                                    normalization,
                                                    images,
                                                    split.validation(),
                                                    readAhead)
                                            .accuracy();
                    EpochRecord record =
                            new EpochRecord(
                                    epoch,
                                    trained.loss(),
                                    trained.trainAccuracy(),
                                    validation,
                                    trained.samplesPerSecond(),
                                    trained.seconds(),
                                    trained.dataSeconds());
                    history.add(record);
                    best.record(epoch, validation, model);
                    log.accept(describe(record));
                    saveCheckpoint(
                            model,
                            new Checkpoint(
                                    epoch,
                                    settings.spec().text(),
                                    settings.seed(),
                                    history,
                                    best.epoch(),
                                    best.accuracy(),
                                    run),
                            best,
                            update,
                            sink);
                }
            }
            if (stoppedEarly) {
                log.accept(
                        "early stopping after epoch "
                                + history.size()
                                + ": no better validation accuracy for "
                                + settings.earlyStopping()
                                + " epoch(s)");
            }
            if (settings.earlyStopping() > 0 && best.epoch() > 0) {
                best.restore(model);
                log.accept(
                        "keeping the parameters of epoch "
                                + best.epoch()
                                + String.format(" (validation accuracy %.4f)", best.accuracy()));
            }
            // Only the student is saved: a hint adapter lives and dies with the training run.
            model.setBlock(student);
            ModelDescription description =
                    ModelDescription.of(
                            settings.spec().text(),
                            data.shape(),
                            data.classes(),
                            data.classNames(),
                            normalization,
                            SavedModel.parameterCount(student),
                            SavedModel.PARAMS_PREFIX);
            SavedModel.save(model, description, modelFolder);
            export.ifPresent(format -> ParameterExport.write(student, format, modelFolder));
            Optional<ModelEvaluation> validation =
                    split.validation().length == 0
                            ? Optional.empty()
                            : Optional.of(
                                    evaluate(
                                            model,
                                            normalization,
                                            images,
                                            split.validation(),
                                            readAhead));
            Optional<ModelEvaluation> test =
                    data.test().map(t -> evaluate(model, normalization, t, allOf(t), readAhead));
            return new TrainingResult(
                    description,
                    history,
                    validation,
                    test,
                    start,
                    DeviceChoice.describe(devices),
                    split.train().length,
                    best.epoch(),
                    stoppedEarly);
        }
    }

    /**
     * The views a run of {@code settings} trains on: the stored teacher's when its soft labels were
     * computed on augmented views, else seeded shifts with {@code augment}.
     */
    static Optional<Augmentation> augmentation(
            TrainingSettings settings, Optional<TeacherSignal> teacher, Consumer<String> log) {
        if (teacher.isPresent() && teacher.get() instanceof StoredTeacher stored) {
            SoftLabels labels = stored.softLabels();
            if (labels.augmentation().isPresent()) {
                log.accept(
                        "training on the augmented views the teacher labelled ("
                                + labels.views()
                                + " view(s) per sample)");
            } else if (settings.augment()) {
                log.accept(
                        "--augment ignored: the soft labels were computed on un-augmented images,"
                                + " and the student must see the view the teacher labelled");
            }
            return labels.augmentation();
        }
        if (teacher.isPresent()) {
            log.accept(
                    "the fixed teacher(s) label every batch on the view the student trains on"
                            + (settings.augment() ? " (a fresh augmented view per epoch)" : ""));
        }
        return settings.augment()
                ? Optional.of(Augmentation.of(settings.seed(), settings.flip()))
                : Optional.empty();
    }

    private void requireSameRun(Checkpoint saved, Path folder) {
        if (saved.run() != null) {
            run.requireSameAs(saved.run(), "the checkpoint in this --output");
            return;
        }
        if (!saved.spec().equals(settings.spec().text()) || saved.seed() != settings.seed()) {
            throw DistilleryException.badInput(
                    "checkpoint "
                            + folder
                            + " belongs to model "
                            + saved.spec()
                            + " with --seed "
                            + saved.seed()
                            + ", not "
                            + settings.spec().text()
                            + " with --seed "
                            + settings.seed()
                            + ": use another --output");
        }
        log.accept(
                "the checkpoint predates stored run settings: only its model and seed ("
                        + saved.seed()
                        + ") are known; continuing");
    }

    /**
     * Initializes {@code trainer} for {@code input} and returns its parameter update: FusedAdam, or
     * DJL's optimizer through the trainer.
     */
    static ParameterUpdate parameterUpdate(
            TrainingSettings settings, Trainer trainer, Shape input, Tracker rate) {
        trainer.initialize(input);
        if (settings.optimizer().equals("adam")) {
            return new FusedAdam(trainer, rate, settings.weightDecay());
        }
        return new TrainerStep(trainer, settings.optimizer());
    }

    /**
     * Gives {@code config} DJL's SGD with momentum for an sgd run; with FusedAdam (on any number of
     * devices) the trainer's own (default) optimizer is never stepped.
     */
    static void optimizer(TrainingSettings settings, DefaultTrainingConfig config, Tracker rate) {
        if (settings.optimizer().equals("adam")) {
            return;
        }
        config.optOptimizer(
                Optimizer.sgd()
                        .setLearningRateTracker(rate)
                        .optMomentum((float) settings.momentum())
                        .optWeightDecays((float) settings.weightDecay())
                        .build());
    }

    private ModelEvaluation evaluate(
            Model model,
            Normalization normalization,
            LabelledImages images,
            int[] samples,
            ReadAhead readAhead) {
        return evaluate(model, devices[0], normalization, images, samples, readAhead);
    }

    /** {@code model}, on {@code device}, scored on {@code samples} of {@code images}. */
    static ModelEvaluation evaluate(
            Model model,
            Device device,
            Normalization normalization,
            LabelledImages images,
            int[] samples,
            ReadAhead readAhead) {
        Inference inference =
                new Inference(
                        model.getBlock(),
                        model.getNDManager(),
                        device,
                        normalization,
                        512,
                        readAhead);
        float[] logits = inference.logits(images, samples, 0, samples.length, Optional.empty(), 0);
        return ModelEvaluation.score(
                logits,
                ImageBatch.labels(images, samples, 0, samples.length),
                classes(logits, samples));
    }

    private static int classes(float[] logits, int[] samples) {
        return samples.length == 0 ? 1 : logits.length / samples.length;
    }

    private void saveCheckpoint(
            Model model,
            Checkpoint checkpoint,
            BestEpoch best,
            ParameterUpdate update,
            CheckpointSink sink) {
        try {
            Path folder = Files.createTempDirectory("distillery-checkpoint");
            try {
                checkpoint.write(model, folder);
                update.save(folder);
                best.addTo(folder);
                sink.save(folder);
            } finally {
                try (Stream<Path> files = Files.walk(folder)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the checkpoint", e);
        }
    }

    static int[] allOf(LabelledImages images) {
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
}
