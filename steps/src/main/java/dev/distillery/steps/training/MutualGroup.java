package dev.distillery.steps.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import dev.distillery.steps.data.ImageShape;
import dev.distillery.steps.model.ModelZoo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The networks of an online group on one device, each with its model, its trainer and its own Adam
 * ({@link FusedAdam}), built in order (network {@code i} initialized from seed {@code seed + i})
 * and closed together: optimizers, then trainers, then models.
 */
final class MutualGroup implements AutoCloseable {
    private final List<Member> members = new ArrayList<>();

    /** One network of the group. */
    record Member(MutualTrainingRun.Peer peer, Block block, Model model, Trainer trainer) {}

    private final List<FusedAdam> updates = new ArrayList<>();

    /**
     * Builds {@code peers} for {@code shape} and {@code classes} on {@code device}, loading each
     * one's parameters from {@code checkpoint}'s folder of its name when present, with the learning
     * rate {@code rate} gives each network's optimizer.
     */
    static MutualGroup build(
            List<MutualTrainingRun.Peer> peers,
            ImageShape shape,
            int classes,
            Device device,
            long seed,
            Optional<Path> checkpoint,
            IntFunction<Tracker> rate,
            double weightDecay,
            Consumer<String> log) {
        MutualGroup group = new MutualGroup();
        try {
            long[] dims = shape.dimensions();
            Shape input = new Shape(1, dims[0], dims[1], dims[2]);
            for (int i = 0; i < peers.size(); i++) {
                MutualTrainingRun.Peer peer = peers.get(i);
                Block block = ModelZoo.build(peer.spec(), shape, classes);
                Model model = Model.newInstance(peer.network(), device);
                model.setBlock(block);
                group.members.add(new Member(peer, block, model, null));
                if (checkpoint.isPresent()) {
                    Checkpoint.loadParameters(model, checkpoint.get().resolve(peer.network()));
                }
                // The trainer's loss is never asked for: MutualLoss weighs the whole group.
                Trainer trainer =
                        model.newTrainer(
                                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                                        .optDevices(new Device[] {device}));
                group.members.set(i, new Member(peer, block, model, trainer));
                Engine.getInstance().setRandomSeed((int) (seed + i));
                trainer.initialize(input);
                FusedAdam adam = new FusedAdam(trainer, rate.apply(i), weightDecay);
                group.updates.add(adam);
                if (checkpoint.isPresent()) {
                    adam.restore(checkpoint.get().resolve(peer.network()), log);
                }
            }
            return group;
        } catch (RuntimeException e) {
            group.close();
            throw e;
        }
    }

    /** The networks, the teacher first. */
    List<Member> members() {
        return members;
    }

    /** The optimizer of network {@code i}. */
    FusedAdam update(int i) {
        return updates.get(i);
    }

    @Override
    public void close() {
        updates.forEach(FusedAdam::close);
        for (Member member : members) {
            if (member.trainer() != null) {
                member.trainer().close();
            }
        }
        members.forEach(m -> m.model().close());
    }
}
