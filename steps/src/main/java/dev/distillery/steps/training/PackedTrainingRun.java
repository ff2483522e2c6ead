package dev.distillery.steps.training;

import ai.djl.Device;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.data.Normalization;
import dev.distillery.steps.data.ReadAhead;
import dev.distillery.steps.data.ValidationSplit;
import dev.distillery.steps.evaluation.ModelEvaluation;
import dev.distillery.steps.model.ModelDescription;
import dev.distillery.steps.model.SavedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Packed students: several students trained in one step on shared batches, each batch assembled
 * once, with one read of the stored soft labels or one forward pass of the teachers in the step
 * (consistent mode, hint features included), and handed to every student in turn. Each student
 * keeps its own network, loss (temperature, alpha), optimizer, schedule, early stopping and curve,
 * built and stepped as its own {@link TrainingRun} would, so a packed student ends where it would
 * alone, bit for bit, dropout included (the engine's one generator is seeded before each student's
 * every batch: {@link EpochLoop#dropoutSeed}). The pack is checkpointed after every epoch (one
 * folder per student beside the pack's {@code checkpoint.json}) and resumes from it.
 */
public final class PackedTrainingRun {
    private final List<Member> members;
    private final TrainingSettings shared;
    private final RunSettings run;
    private final Device device;
    private final int workers;
    private final Consumer<String> log;

    /**
     * One student of the pack.
     *
     * @param network its name: {@code student-<name>}
     * @param settings its recipe; the batches' settings (epochs, batch size, seed, augmentation,
     *     validation split) are the pack's
     */
    public record Member(String network, TrainingSettings settings) {}

    /**
     * A pack of {@code members} sharing their batches; {@code inputs} are the flags naming the data
     * and the teacher, which join the {@link RunSettings} its checkpoints must match.
     */
    public PackedTrainingRun(
            List<Member> members,
            Map<String, String> inputs,
            Device device,
            int workers,
            Consumer<String> log) {
        if (members.isEmpty()) {
            throw DistilleryException.badInput("a pack needs at least one --student");
        }
        this.members = List.copyOf(members);
        this.shared = members.get(0).settings();
        for (Member member : members) {
            requireSharedBatches(member);
        }
        Map<String, String> values = new LinkedHashMap<>(inputs);
        for (Member member : members) {
            RunSettings own = RunSettings.of(member.settings(), Map.of());
            own.values().forEach((flag, value) -> values.put(member.network() + " " + flag, value));
        }
        this.run = new RunSettings(values);
        this.device = device;
        this.workers = workers;
        this.log = log;
    }

    /** Everything that determines this pack, as stored in its checkpoints. */
    public RunSettings runSettings() {
        return run;
    }

    /**
     * Trains the pack on {@code data} (as students of {@code teacher} if present, else from the
     * labels alone), continues from {@code checkpoint} if present, hands every epoch's checkpoint
     * to {@code sink} and saves each student into {@code models/<network>}.
     */
    public PackedTrainingResult run(
            ImageDataset data,
            Optional<TeacherSignal> teacher,
            Optional<Path> checkpoint,
            CheckpointSink sink,
            Path models) {
        LabelledImages images = data.train();
        ValidationSplit split =
                ValidationSplit.of(images.count(), shared.validationFraction(), shared.splitSeed());
        if (split.train().length == 0) {
            throw DistilleryException.badInput(
                    "no training samples left: "
                            + images.count()
                            + " sample(s) minus a validation share of "
                            + shared.validationFraction()
                            + " (raise --limit or lower --val-fraction)");
        }
        int start = checkpoint.map(this::resumedEpoch).orElse(0);
        try (ReadAhead readAhead = new ReadAhead(workers)) {
            Normalization normalization = Normalization.of(images, split.train(), readAhead);
            Optional<Augmentation> augmentation = TrainingRun.augmentation(shared, teacher, log);
            int stepsPerEpoch =
                    (split.train().length + shared.batchSize() - 1) / shared.batchSize();
            List<PackedStudent> students = new ArrayList<>();
            try {
                for (Member member : members) {
                    students.add(
                            PackedStudent.build(
                                    member,
                                    data,
                                    normalization,
                                    augmentation,
                                    teacher,
                                    device,
                                    stepsPerEpoch,
                                    start,
                                    checkpoint,
                                    readAhead,
                                    log));
                }
                TrainingBatches batches =
                        new TrainingBatches(images, normalization, augmentation, teacher);
                for (int epoch = start + 1; epoch <= shared.epochs(); epoch++) {
                    int current = epoch;
                    List<PackedStudent> active =
                            students.stream().filter(s -> s.trains(current)).toList();
                    if (active.isEmpty()) {
                        break;
                    }
                    trainEpoch(epoch, active, batches, split, normalization, images, readAhead);
                    saveCheckpoint(epoch, students, sink);
                }
                return result(students, data, normalization, split, readAhead, start, models);
            } finally {
                students.forEach(PackedStudent::close);
            }
        }
    }

    /** Reads the pack's checkpoint, refusing another run's; returns its epoch. */
    private int resumedEpoch(Path folder) {
        Checkpoint saved = Checkpoint.read(folder);
        if (saved.run() == null) {
            throw DistilleryException.badInput(
                    "checkpoint " + folder + " is not a pack's: use another --output");
        }
        run.requireSameAs(saved.run(), "the checkpoint in this --output");
        log.accept("resuming after epoch " + saved.epoch() + " from the pack's checkpoint");
        return saved.epoch();
    }

    /** One pass over the shared batches: each batch assembled once, then trained by each. */
    private void trainEpoch(
            int epoch,
            List<PackedStudent> active,
            TrainingBatches batches,
            ValidationSplit split,
            Normalization normalization,
            LabelledImages images,
            ReadAhead readAhead) {
        int[] order = EpochLoop.order(split.train(), shared.seed(), epoch);
        int batchSize = shared.batchSize();
        int count = (order.length + batchSize - 1) / batchSize;
        double[] lossSums = new double[active.size()];
        long[] correct = new long[active.size()];
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
                TrainingBatches.HostBatch next = ahead.next();
                dataNanos += System.nanoTime() - asked;
                // A teacher in the step labels the batch once, for every student.
                TrainingBatches.HostBatch host = batches.taught(next);
                for (int k = 0; k < active.size(); k++) {
                    EpochLoop.BatchOutcome outcome = active.get(k).train(host, epoch, batch);
                    if (!Float.isFinite(outcome.loss())) {
                        throw DistilleryException.badInput(
                                "training loss of "
                                        + active.get(k).member().network()
                                        + " became "
                                        + outcome.loss()
                                        + " at epoch "
                                        + epoch
                                        + ", batch "
                                        + batch
                                        + ": lower its learning rate or check the data and the"
                                        + " soft labels");
                    }
                    lossSums[k] += outcome.loss() * host.size();
                    correct[k] += outcome.correct();
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int n = Math.max(1, order.length);
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < active.size(); k++) {
            PackedStudent student = active.get(k);
            double validation =
                    split.validation().length == 0
                            ? Double.NaN
                            : TrainingRun.evaluate(
                                            student.model(),
                                            device,
                                            normalization,
                                            images,
                                            split.validation(),
                                            readAhead)
                                    .accuracy();
            student.record(
                    new EpochRecord(
                            epoch,
                            lossSums[k] / n,
                            (double) correct[k] / n,
                            validation,
                            order.length / seconds,
                            seconds,
                            dataNanos / 1e9));
            if (k == 0) {
                // The first student's numbers in a train step's words, so progress reads them.
                line.append(
                        String.format(
                                "epoch %d: loss %.4f, train accuracy %.4f, validation accuracy"
                                        + " %.4f, %.0f samples/s (%s",
                                epoch,
                                lossSums[k] / n,
                                (double) correct[k] / n,
                                validation,
                                order.length / seconds,
                                student.member().network()));
            } else {
                line.append(
                        String.format(
                                "; %s loss %.4f, validation accuracy %.4f",
                                student.member().network(), lossSums[k] / n, validation));
            }
        }
        line.append(")");
        log.accept(line.toString());
    }

    private void saveCheckpoint(int epoch, List<PackedStudent> students, CheckpointSink sink) {
        try {
            Path folder = Files.createTempDirectory("distillery-checkpoint");
            try {
                for (PackedStudent student : students) {
                    student.checkpoint(
                            epoch,
                            Files.createDirectories(folder.resolve(student.member().network())));
                }
                new Checkpoint(
                                epoch,
                                shared.spec().text(),
                                shared.seed(),
                                List.of(),
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
            throw new UncheckedIOException("cannot write the pack's checkpoint", e);
        }
    }

    private PackedTrainingResult result(
            List<PackedStudent> students,
            ImageDataset data,
            Normalization normalization,
            ValidationSplit split,
            ReadAhead readAhead,
            int start,
            Path models) {
        List<PackedTrainingResult.Student> results = new ArrayList<>();
        for (PackedStudent student : students) {
            if (student.stoppedEarly()) {
                log.accept(
                        student.member().network()
                                + " stopped early after epoch "
                                + student.history().size()
                                + ": no better validation accuracy for "
                                + student.member().settings().earlyStopping()
                                + " epoch(s)");
            }
            student.finish(log);
            ModelDescription description =
                    ModelDescription.of(
                            student.member().settings().spec().text(),
                            data.shape(),
                            data.classes(),
                            data.classNames(),
                            normalization,
                            SavedModel.parameterCount(student.student()),
                            SavedModel.PARAMS_PREFIX);
            Path folder = models.resolve(student.member().network());
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + folder, e);
            }
            SavedModel.save(student.model(), description, folder);
            LabelledImages images = data.train();
            Function<LabelledImages, Function<int[], ModelEvaluation>> score =
                    on ->
                            samples ->
                                    TrainingRun.evaluate(
                                            student.model(),
                                            device,
                                            normalization,
                                            on,
                                            samples,
                                            readAhead);
            Optional<ModelEvaluation> validation =
                    split.validation().length == 0
                            ? Optional.empty()
                            : Optional.of(score.apply(images).apply(split.validation()));
            Optional<ModelEvaluation> test =
                    data.test().map(t -> score.apply(t).apply(TrainingRun.allOf(t)));
            results.add(
                    new PackedTrainingResult.Student(
                            student.member().network(),
                            folder,
                            new TrainingResult(
                                    description,
                                    student.history(),
                                    validation,
                                    test,
                                    start,
                                    device.toString(),
                                    split.train().length,
                                    student.bestEpoch(),
                                    student.stoppedEarly())));
        }
        return new PackedTrainingResult(results, start);
    }

    /**
     * Fails unless {@code member} shares the pack's batches: the same epochs, batch size, seed,
     * augmentation and validation split as the first student.
     */
    private void requireSharedBatches(Member member) {
        TrainingSettings own = member.settings();
        List<String> differences = new ArrayList<>();
        differ(differences, "--epochs", shared.epochs(), own.epochs());
        differ(differences, "--batch-size", shared.batchSize(), own.batchSize());
        differ(differences, "--seed", shared.seed(), own.seed());
        differ(differences, "--augment", shared.augment(), own.augment());
        differ(differences, "--flip", shared.flip(), own.flip());
        differ(
                differences,
                "--val-fraction",
                shared.validationFraction(),
                own.validationFraction());
        differ(differences, "--split-seed", shared.splitSeed(), own.splitSeed());
        if (!differences.isEmpty()) {
            throw DistilleryException.badInput(
                    member.network()
                            + " cannot share the pack's batches: "
                            + String.join(", ", differences)
                            + " must be the pack's");
        }
    }

    private static void differ(List<String> differences, String flag, Object pack, Object own) {
        if (!Objects.equals(pack, own)) {
            differences.add(flag + " " + own + " (the pack's is " + pack + ")");
        }
    }
}
