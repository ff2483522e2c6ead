package dev.distillery.steps.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.tracker.Tracker;
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.Normalization;
import dev.distillery.steps.data.ReadAhead;
import dev.distillery.steps.model.ModelZoo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One student of a {@link PackedTrainingRun}: its network, loss, optimizer, schedule, best epoch
 * and curve, built exactly as a {@link TrainingRun} of its settings builds them, so that trained on
 * the same batches it ends where that run would.
 */
final class PackedStudent implements AutoCloseable {
    private final PackedTrainingRun.Member member;
    private final Block student;
    private final BestEpoch best;
    private final Model model;
    private final Trainer trainer;
    private final ParameterUpdate update;
    private final EpochLoop loop;
    private final List<EpochRecord> history = new ArrayList<>();
    private boolean stoppedEarly;

    private PackedStudent(
            PackedTrainingRun.Member member,
            Block student,
            BestEpoch best,
            Model model,
            Trainer trainer,
            ParameterUpdate update,
            EpochLoop loop) {
        this.member = member;
        this.student = student;
        this.best = best;
        this.model = model;
        this.trainer = trainer;
        this.update = update;
        this.loop = loop;
    }

    /**
     * Builds {@code member} on {@code device}, initialized from its seed as its own run would be,
     * and continues it from its folder in the pack's {@code checkpoint} (after {@code start}
     * epochs) if there is one.
     */
    static PackedStudent build(
            PackedTrainingRun.Member member,
            ImageDataset data,
            Normalization normalization,
            Optional<Augmentation> augmentation,
            Optional<TeacherSignal> teacher,
            Device device,
            int stepsPerEpoch,
            int start,
            Optional<Path> checkpoint,
            ReadAhead readAhead,
            Consumer<String> log) {
        TrainingSettings settings = member.settings();
        // The engine's generator is reset for each student: its initialization draws what its own
        // run's does, whatever was built before it.
        Engine.getInstance().setRandomSeed((int) settings.seed());
        long[] dims = data.shape().dimensions();
        Shape input = new Shape(1, dims[0], dims[1], dims[2]);
        Block student = ModelZoo.build(settings.spec(), data.shape(), data.classes());
        TrainingObjective objective = TrainingObjective.of(settings, student, input, teacher);
        BestEpoch best = new BestEpoch(settings.earlyStopping());
        Model model = Model.newInstance(member.network(), device);
        Trainer trainer = null;
        ParameterUpdate update = null;
        try {
            model.setBlock(objective.block());
            Optional<Path> own = checkpoint.map(folder -> folder.resolve(member.network()));
            Optional<Checkpoint> saved = own.map(Checkpoint::read);
            // As a run resumes: the parameters before the trainer, the optimizer state after it.
            own.ifPresent(folder -> Checkpoint.loadParameters(model, folder));
            Tracker rate = LearningRateSchedule.of(settings, stepsPerEpoch, start);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(objective.loss()).optDevices(new Device[] {device});
            TrainingRun.optimizer(settings, config, rate);
            trainer = model.newTrainer(config);
            update = TrainingRun.parameterUpdate(settings, trainer, input, rate);
            EpochLoop loop =
                    new EpochLoop(
                            trainer,
                            update,
                            data.train(),
                            normalization,
                            augmentation,
                            teacher,
                            settings,
                            Optional.empty(),
                            readAhead);
            PackedStudent packed =
                    new PackedStudent(member, student, best, model, trainer, update, loop);
            if (own.isPresent()) {
                packed.history.addAll(saved.get().history());
                best.resume(saved.get(), own.get());
                update.restore(own.get(), log);
            }
            return packed;
        } catch (RuntimeException e) {
            if (update != null) {
                update.close();
            }
            if (trainer != null) {
                trainer.close();
            }
            model.close();
            best.close();
            throw e;
        }
    }

    PackedTrainingRun.Member member() {
        return member;
    }

    /** Whether it still trains in epoch {@code epoch}; early stopping ends it for good. */
    boolean trains(int epoch) {
        if (!stoppedEarly && best.shouldStop(epoch - 1)) {
            stoppedEarly = true;
        }
        return !stoppedEarly;
    }

    boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** Trains on shared batch {@code number} of epoch {@code epoch}. */
    EpochLoop.BatchOutcome train(TrainingBatches.HostBatch batch, int epoch, int number) {
        return loop.trainBatch(batch, epoch, number);
    }

    /** Ends an epoch it trained in: its record, and its best epoch so far. */
    void record(EpochRecord record) {
        history.add(record);
        best.record(record.epoch(), record.validationAccuracy(), model);
    }

    /** Writes its checkpoint of the pack's {@code epoch} into {@code folder}. */
    void checkpoint(int epoch, Path folder) throws java.io.IOException {
        TrainingSettings settings = member.settings();
        new Checkpoint(
                        epoch,
                        settings.spec().text(),
                        settings.seed(),
                        history,
                        best.epoch(),
                        best.accuracy(),
                        null)
                .write(model, folder);
        update.save(folder);
        best.addTo(folder);
    }

    /**
     * Ends training: with early stopping, back to the best epoch's parameters; then only the
     * student network stays on the model, as a train step saves it.
     */
    void finish(Consumer<String> log) {
        if (member.settings().earlyStopping() > 0 && best.epoch() > 0) {
            best.restore(model);
            log.accept(
                    member.network()
                            + " keeps the parameters of epoch "
                            + best.epoch()
                            + String.format(" (validation accuracy %.4f)", best.accuracy()));
        }
        model.setBlock(student);
    }

    Model model() {
        return model;
    }

    Block student() {
        return student;
    }

    List<EpochRecord> history() {
        return List.copyOf(history);
    }

    int bestEpoch() {
        return best.epoch();
    }

    /** The trainer and its optimizer state close before the model that owns the parameters. */
    @Override
    public void close() {
        try (best;
                model;
                trainer;
                update) {
            // closed in reverse order: update, trainer, model, best
        }
    }
}
