package dev.distillery.steps.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
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
import dev.distillery.steps.loss.MutualLoss;
import dev.distillery.steps.model.ModelDescription;
import dev.distillery.steps.model.ModelSpec;
import dev.distillery.steps.model.SavedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Online distillation by deep mutual learning (Zhang et al. 2018): a teacher and its students train
 * together on the same batches, each network against the labels and its peers' detached predictions
 * ({@link MutualLoss}), each with its own Adam. During {@code teacherWarmupEpochs} the teacher
 * trains alone on the labels. The whole group is checkpointed after every epoch (one folder per
 * network beside the group's {@code checkpoint.json}) and resumes from it.
 */
public final class MutualTrainingRun {
    private final TrainingSettings settings;
    private final List<Peer> peers;
    private final int teacherWarmupEpochs;
    private final RunSettings run;
    private final Device device;
    private final int workers;
    private final Consumer<String> log;

    /**
     * One network of the group.
     *
     * @param network its name: {@code teacher} or {@code student-<name>}
     * @param spec its model
     */
    public record Peer(String network, ModelSpec spec) {}

    /**
     * A group of {@code peers} (the teacher first) trained with the shared {@code settings} (the
     * recipe, temperature and alpha of the mutual term; their spec is the teacher's), the teacher
     * alone for its first {@code teacherWarmupEpochs}; {@code inputs} are the flags naming the data
     * and the students, which join the {@link RunSettings} its checkpoints must match.
     */
    public MutualTrainingRun(
            TrainingSettings settings,
            List<Peer> peers,
            int teacherWarmupEpochs,
            Map<String, String> inputs,
            Device device,
            int workers,
            Consumer<String> log) {
        if (teacherWarmupEpochs < 0 || teacherWarmupEpochs >= settings.epochs()) {
            throw DistilleryException.badInput(
                    "--teacher-warmup-epochs must be in [0, --epochs), got "
                            + teacherWarmupEpochs
                            + " with --epochs "
                            + settings.epochs());
        }
        if (!settings.optimizer().equals("adam")) {
            throw DistilleryException.badInput(
                    "an online group trains with adam, not --optimizer " + settings.optimizer());
        }
        this.settings = settings;
        this.peers = List.copyOf(peers);
        this.teacherWarmupEpochs = teacherWarmupEpochs;
        this.run = RunSettings.of(settings, inputs);
        this.device = device;
        this.workers = workers;
        this.log = log;
    }

    /** Everything that determines this run, as stored in its checkpoints. */
    public RunSettings runSettings() {
        return run;
    }

    /**
     * Trains the group on {@code data}, continuing from {@code checkpoint} if present, handing
     * every epoch's checkpoint to {@code sink}, and saves each network into {@code
     * models/<network>}.
     */
    public MutualTrainingResult run(
            ImageDataset data, Optional<Path> checkpoint, CheckpointSink sink, Path models) {
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
            Normalization normalization = Normalization.of(images, split.train(), readAhead);
            int start = 0;
            List<List<EpochRecord>> histories = new ArrayList<>();
            peers.forEach(p -> histories.add(new ArrayList<>()));
            if (checkpoint.isPresent()) {
                start = resume(checkpoint.get(), histories);
            }
            int stepsPerEpoch =
                    (split.train().length + settings.batchSize() - 1) / settings.batchSize();
            int completed = start;
            // Every network follows the group's schedule in time: students start it after the
            // teacher's warm-up at the point the teacher has reached.
            try (MutualGroup group =
                    MutualGroup.build(
                            peers,
                            data.shape(),
                            data.classes(),
                            device,
                            settings.seed(),
                            checkpoint,
                            i ->
                                    LearningRateSchedule.of(
                                            settings,
                                            stepsPerEpoch,
                                            i == 0
                                                    ? completed
                                                    : Math.max(completed, teacherWarmupEpochs)),
                            settings.weightDecay(),
                            log)) {
                Epochs epochs = new Epochs(group, images, normalization, readAhead);
                for (int epoch = start + 1; epoch <= settings.epochs(); epoch++) {
                    Engine.getInstance().setRandomSeed(epochSeed(epoch));
                    List<EpochRecord> trained = epochs.train(epoch, split);
                    for (int k = 0; k < trained.size(); k++) {
                        histories.get(k).add(trained.get(k));
                    }
                    log.accept(describe(epoch, trained));
                    saveCheckpoint(group, epoch, histories, sink);
                }
                return result(
                        group, data, normalization, split, readAhead, histories, start, models);
            }
        }
    }

    /** Reads the group's checkpoint, refusing another run's; returns its epoch. */
    private int resume(Path folder, List<List<EpochRecord>> histories) {
        Checkpoint saved = Checkpoint.read(folder);
        if (saved.run() == null) {
            throw DistilleryException.badInput(
                    "checkpoint " + folder + " is not an online group's: use another --output");
        }
        run.requireSameAs(saved.run(), "the checkpoint in this --output");
        for (int k = 0; k < peers.size(); k++) {
            Path network = folder.resolve(peers.get(k).network());
            histories.get(k).addAll(Checkpoint.read(network).history());
        }
        log.accept("resuming after epoch " + saved.epoch() + " from the checkpoint");
        return saved.epoch();
    }

    private MutualTrainingResult result(
            MutualGroup group,
            ImageDataset data,
            Normalization normalization,
            ValidationSplit split,
            ReadAhead readAhead,
            List<List<EpochRecord>> histories,
            int start,
            Path models) {
        List<MutualTrainingResult.Network> networks = new ArrayList<>();
        for (int k = 0; k < peers.size(); k++) {
            MutualGroup.Member member = group.members().get(k);
            ModelDescription description =
                    ModelDescription.of(
                            member.peer().spec().text(),
                            data.shape(),
                            data.classes(),
                            data.classNames(),
                            normalization,
                            SavedModel.parameterCount(member.block()),
                            SavedModel.PARAMS_PREFIX);
            Path folder = models.resolve(member.peer().network());
            createDirectories(folder);
            SavedModel.save(member.model(), description, folder);
            LabelledImages images = data.train();
            Optional<ModelEvaluation> validation =
                    split.validation().length == 0
                            ? Optional.empty()
                            : Optional.of(
                                    evaluate(
                                            member.model(),
                                            normalization,
                                            images,
                                            split.validation(),
                                            readAhead));
            Optional<ModelEvaluation> test =
                    data.test()
                            .map(
                                    t ->
                                            evaluate(
                                                    member.model(),
                                                    normalization,
                                                    t,
                                                    allOf(t),
                                                    readAhead));
            networks.add(
                    new MutualTrainingResult.Network(
                            member.peer().network(),
                            description,
                            folder,
                            List.copyOf(histories.get(k)),
                            validation,
                            test));
        }
        return new MutualTrainingResult(networks, start, device.toString(), split.train().length);
    }

    /** The epochs of the group: batches shared by every network, one backward pass per batch. */
    private final class Epochs {
        private final MutualGroup group;
        private final LabelledImages images;
        private final Normalization normalization;
        private final ReadAhead readAhead;
        private final TrainingBatches batches;
        private final MutualLoss loss;

        Epochs(
                MutualGroup group,
                LabelledImages images,
                Normalization normalization,
                ReadAhead readAhead) {
            this.group = group;
            this.images = images;
            this.normalization = normalization;
            this.readAhead = readAhead;
            Optional<Augmentation> augmentation =
                    settings.augment()
                            ? Optional.of(Augmentation.of(settings.seed(), settings.flip()))
                            : Optional.empty();
            this.batches =
                    new TrainingBatches(images, normalization, augmentation, Optional.empty());
            this.loss =
                    new MutualLoss(
                            settings.temperature(), settings.alpha(), settings.labelSmoothing());
        }

        /** Trains epoch {@code epoch}; one record per network that trained in it. */
        List<EpochRecord> train(int epoch, ValidationSplit split) {
            int active = epoch <= teacherWarmupEpochs ? 1 : peers.size();
            int[] order = shuffled(split.train(), settings.seed() * 1_000_003L + epoch);
            int batchSize = settings.batchSize();
            int count = (order.length + batchSize - 1) / batchSize;
            double[] lossSums = new double[active];
            long[] correct = new long[active];
            long started = System.nanoTime();
            long dataNanos = 0;
            try (ReadAhead.Results<TrainingBatches.HostBatch> ahead =
                    readAhead.inOrder(
                            count,
                            b ->
                                    batches.assemble(
                                            epoch,
                                            order,
                                            b * batchSize,
                                            Math.min(order.length, (b + 1) * batchSize)))) {
                for (int batch = 1; ahead.hasNext(); batch++) {
                    long asked = System.nanoTime();
                    TrainingBatches.HostBatch host = ahead.next();
                    dataNanos += System.nanoTime() - asked;
                    float[] losses = step(host, active, correct);
                    for (int k = 0; k < active; k++) {
                        if (!Float.isFinite(losses[k])) {
                            throw DistilleryException.badInput(
                                    "training loss of "
                                            + peers.get(k).network()
                                            + " became "
                                            + losses[k]
                                            + " at epoch "
                                            + epoch
                                            + ", batch "
                                            + batch
                                            + ": lower --learning-rate or check the data");
                        }
                        lossSums[k] += losses[k] * host.size();
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            int n = Math.max(1, order.length);
            List<EpochRecord> records = new ArrayList<>();
            for (int k = 0; k < active; k++) {
                double validation =
                        split.validation().length == 0
                                ? Double.NaN
                                : evaluate(
                                                group.members().get(k).model(),
                                                normalization,
                                                images,
                                                split.validation(),
                                                readAhead)
                                        .accuracy();
                records.add(
                        new EpochRecord(
                                epoch,
                                lossSums[k] / n,
                                (double) correct[k] / n,
                                validation,
                                order.length / seconds,
                                seconds,
                                dataNanos / 1e9));
            }
            return records;
        }

        /**
         * Forward of the {@code active} networks on one batch, one backward pass of the sum of
         * their losses (peers detached, so each gradient is its own network's), then each network's
         * Adam step. Returns each network's loss and adds its right answers to {@code correct}.
         */
        private float[] step(TrainingBatches.HostBatch host, int active, long[] correct) {
            // One sub-manager per batch: inputs, activations and gradients die with it.
            try (NDManager batchManager =
                    group.members().get(0).trainer().getManager().newSubManager()) {
                long[] d = host.raw().shape().dimensions();
                NDList input =
                        new NDList(
                                batchManager.create(
                                        host.pixels(), new Shape(host.size(), d[0], d[1], d[2])));
                NDList labels = new NDList(batchManager.create(host.labels()));
                float[] losses = new float[active];
                try (GradientCollector collector =
                        group.members().get(0).trainer().newGradientCollector()) {
                    NDList logits = new NDList();
                    for (int k = 0; k < active; k++) {
                        logits.add(group.members().get(k).trainer().forward(input).head());
                    }
                    NDArray total = null;
                    for (int k = 0; k < active; k++) {
                        NDArray own =
                                active == 1
                                        ? loss.crossEntropy(labels.head(), logits.get(0))
                                        : loss.network(k, labels, logits);
                        losses[k] = own.getFloat();
                        total = total == null ? own : total.add(own);
                        correct[k] += EpochLoop.correct(logits.get(k), host.labels());
                    }
                    collector.backward(total);
                }
                for (int k = 0; k < active; k++) {
                    group.update(k).step();
                }
                return losses;
            }
        }
    }

    private void saveCheckpoint(
            MutualGroup group, int epoch, List<List<EpochRecord>> histories, CheckpointSink sink) {
        try {
            Path folder = Files.createTempDirectory("distillery-checkpoint");
            try {
                for (int k = 0; k < peers.size(); k++) {
                    MutualGroup.Member member = group.members().get(k);
                    Path network = Files.createDirectories(folder.resolve(peers.get(k).network()));
                    new Checkpoint(
                                    epoch,
                                    member.peer().spec().text(),
                                    settings.seed() + k,
                                    histories.get(k),
                                    0,
                                    Double.NaN,
                                    null)
                            .write(member.model(), network);
                    group.update(k).save(network);
                }
                new Checkpoint(
                                epoch,
                                settings.spec().text(),
                                settings.seed(),
                                histories.get(0),
                                0,
                                Double.NaN,
                                run)
                        .writeDescription(folder);
                sink.save(folder);
            } finally {
                try (Stream<Path> files = Files.walk(folder)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the group's checkpoint", e);
        }
    }

    private ModelEvaluation evaluate(
            Model model,
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
        int classes = samples.length == 0 ? 1 : logits.length / samples.length;
        return ModelEvaluation.score(
                logits, ImageBatch.labels(images, samples, 0, samples.length), classes);
    }

    /** The engine's seed for epoch {@code epoch}, from which the group's dropout draws. */
    private int epochSeed(int epoch) {
        return Long.hashCode((settings.seed() + 1) * 0x9E3779B97F4A7C15L + epoch);
    }

    private static void createDirectories(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
    }

    private static int[] allOf(LabelledImages images) {
        int[] all = new int[images.count()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    private static int[] shuffled(int[] samples, long seed) {
        int[] permutation = ValidationSplit.permutation(samples.length, seed);
        int[] out = new int[samples.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = samples[permutation[i]];
        }
        return out;
    }

    private String describe(int epoch, List<EpochRecord> records) {
        StringBuilder line =
                new StringBuilder(
                        String.format(
                                "epoch %d: loss %.4f, train accuracy %.4f, validation accuracy"
                                        + " %.4f, %.0f samples/s",
                                epoch,
                                records.get(0).loss(),
                                records.get(0).trainAccuracy(),
                                records.get(0).validationAccuracy(),
                                records.get(0).samplesPerSecond()));
        for (int k = 1; k < records.size(); k++) {
            line.append(
                    String.format(
                            "; %s validation accuracy %.4f",
                            peers.get(k).network(), records.get(k).validationAccuracy()));
        }
        if (records.size() < peers.size()) {
            line.append(" (teacher warm-up: the students wait)");
        }
        return line.toString();
    }
}
