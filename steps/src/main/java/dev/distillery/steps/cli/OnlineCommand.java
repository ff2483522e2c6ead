package dev.distillery.steps.cli;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import dev.distillery.contract.GroupMetrics;
import dev.distillery.contract.StepSummary;
import dev.distillery.steps.artifacts.CheckpointSlots;
import dev.distillery.steps.artifacts.DatasetSource;
import dev.distillery.steps.artifacts.StepStorage;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.ValidationSplit;
import dev.distillery.steps.evaluation.ModelEvaluation;
import dev.distillery.steps.model.ModelSpec;
import dev.distillery.steps.training.EpochRecord;
import dev.distillery.steps.training.MutualTrainingResult;
import dev.distillery.steps.training.MutualTrainingRun;
import dev.distillery.steps.training.RunSettings;
import dev.distillery.steps.training.TrainingSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code online}: trains a teacher and its students together by deep mutual learning ({@link
 * MutualTrainingRun}) and publishes every network as a model artifact below the output, then the
 * group's summary at the output itself.
 */
@Command(
        name = "online",
        mixinStandardHelpOptions = true,
        description =
                "Train a teacher and its students together (deep mutual learning): each network"
                        + " learns from the labels and from its peers' predictions.")
public final class OnlineCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StepOptions step;
    @Mixin DataOptions dataOptions;
    @Mixin DeviceOption device;

    @Option(names = "--output", required = true, paramLabel = "URI", description = "Artifact URI.")
    String output;

    @Option(
            names = "--teacher-model",
            required = true,
            paramLabel = "SPEC",
            description = "The teacher network. " + ModelSpec.KNOWN)
    String teacherModel;

    @Option(
            names = "--student",
            required = true,
            paramLabel = "NAME=SPEC",
            description = "A student of the group (repeatable), e.g. small=mlp:64.")
    List<String> students;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "N")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.001", paramLabel = "X")
    double learningRate;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description =
                    "Seeds shuffling, augmentation and dropout; network i is initialized from"
                            + " seed + i (the teacher is 0). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--weight-decay", defaultValue = "0", paramLabel = "X")
    double weightDecay;

    @Option(names = "--lr-schedule", defaultValue = "constant", paramLabel = "NAME")
    String schedule;

    @Option(names = "--warmup-epochs", defaultValue = "0", paramLabel = "N")
    int warmupEpochs;

    @Option(names = "--label-smoothing", defaultValue = "0", paramLabel = "X")
    double labelSmoothing;

    @Option(
            names = "--val-fraction",
            defaultValue = ValidationSplit.DEFAULT_FRACTION,
            paramLabel = "X")
    double validationFraction;

    @Option(names = "--split-seed", defaultValue = ValidationSplit.DEFAULT_SEED, paramLabel = "N")
    long splitSeed;

    @Option(names = "--augment", description = "Train on seeded random shifts of the images.")
    boolean augment;

    @Option(names = "--flip", description = "With --augment, also mirror half of the views.")
    boolean flip;

    @Option(
            names = "--temperature",
            defaultValue = "1",
            paramLabel = "T",
            description = "Softmax temperature of the mutual term. Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(
            names = "--alpha",
            defaultValue = "0.5",
            paramLabel = "A",
            description =
                    "Weight of the mutual term; 1 - alpha weighs the labels. Default:"
                            + " ${DEFAULT-VALUE}.")
    double alpha;

    @Option(
            names = "--teacher-warmup-epochs",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "Epochs the teacher trains alone on the labels before the group learns"
                            + " mutually. Default: ${DEFAULT-VALUE}.")
    int teacherWarmupEpochs;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<MutualTrainingRun.Peer> peers = peers();
        TrainingSettings settings =
                new TrainingSettings(
                        peers.get(0).spec(),
                        epochs,
                        batchSize,
                        learningRate,
                        seed,
                        "adam",
                        0.9,
                        weightDecay,
                        validationFraction,
                        augment,
                        flip,
                        temperature,
                        alpha,
                        schedule,
                        warmupEpochs,
                        0,
                        labelSmoothing,
                        0,
                        splitSeed);
        String target = StepStorage.canonical(output);
        String dataUri =
                DatasetSource.resolve(dataOptions.data, System.getenv(), DatasetSource.PACKAGED);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("--data", StepStorage.canonical(dataUri));
        inputs.put("--limit", String.valueOf(dataOptions.limit));
        inputs.put("--student", String.join(",", students));
        inputs.put("--teacher-warmup-epochs", String.valueOf(teacherWarmupEpochs));
        MutualTrainingRun run =
                new MutualTrainingRun(
                        settings,
                        peers,
                        teacherWarmupEpochs,
                        inputs,
                        device.single(),
                        dataOptions.workers,
                        err::println);
        RunSettings runSettings = run.runSettings();
        try (StepStorage storage = new StepStorage()) {
            if (storage.isComplete(target)) {
                Path done = storage.fetch(target);
                StepReport.readRunSettings(done)
                        .ifPresent(
                                earlier -> runSettings.requireSameAs(earlier, "output " + target));
                err.println("output " + target + " is already complete; nothing to do");
                StepReport.announce(StepSummary.reusedFrom(done), out, step.terminationLog, err);
                return ExitCodes.OK;
            }
            ImageDataset data = DatasetSource.load(storage, dataUri, dataOptions.limit);
            err.println(
                    "training online: "
                            + peers.size()
                            + " networks ("
                            + String.join(
                                    ", ",
                                    peers.stream()
                                            .map(p -> p.network() + " " + p.spec().text())
                                            .toList())
                            + ") on "
                            + data.train().count()
                            + " samples of "
                            + dataUri
                            + " on device "
                            + device.single());
            CheckpointSlots checkpoints = new CheckpointSlots(storage, target);
            MutualTrainingResult result =
                    run.run(data, checkpoints.latest(), checkpoints, storage.newFolder("models"));
            double seconds = (System.nanoTime() - started) / 1e9;
            // Every network first, as a model artifact of its own; the group's summary last, so a
            // complete output means a complete group.
            for (MutualTrainingResult.Network network : result.networks()) {
                String uri = StepStorage.child(target, network.network());
                StepSummary own = networkSummary(uri, network, result, seconds);
                StepReport.writeMetrics(network.folder(), own, details(network, dataUri));
                storage.publish(network.folder(), uri);
            }
            Path group = storage.newFolder("group");
            StepSummary summary = groupSummary(target, result, seconds);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("data", dataUri);
            details.put("networks", result.networks().stream().map(n -> n.network()).toList());
            details.put("resumedFromEpoch", result.resumedFromEpoch());
            details.put("device", result.devices());
            details.put(StepReport.RUN_SETTINGS, runSettings.values());
            StepReport.writeMetrics(group, summary, details);
            storage.publish(group, target);
            if (result.resumed()) {
                err.println("resumed after epoch " + result.resumedFromEpoch() + " and finished");
            }
            StepReport.announce(summary, out, step.terminationLog, err);
            return ExitCodes.OK;
        }
    }

    /**
     * The teacher, then each {@code --student NAME=SPEC}; a malformed or repeated one is bad input.
     */
    private List<MutualTrainingRun.Peer> peers() {
        List<MutualTrainingRun.Peer> peers = new ArrayList<>();
        peers.add(new MutualTrainingRun.Peer(GroupMetrics.TEACHER, ModelSpec.parse(teacherModel)));
        Set<String> names = new LinkedHashSet<>();
        for (String student : students) {
            int at = student.indexOf('=');
            String name = at > 0 ? student.substring(0, at) : "";
            if (!name.matches("[a-z]([-a-z0-9]*[a-z0-9])?") || at == student.length() - 1) {
                throw DistilleryException.badInput(
                        "--student " + student + " must be NAME=SPEC, for example small=mlp:64");
            }
            if (!names.add(name)) {
                throw DistilleryException.badInput("--student " + name + " is given twice");
            }
            peers.add(
                    new MutualTrainingRun.Peer(
                            GroupMetrics.student(name),
                            ModelSpec.parse(student.substring(at + 1))));
        }
        return peers;
    }

    private StepSummary networkSummary(
            String uri,
            MutualTrainingResult.Network network,
            MutualTrainingResult result,
            double seconds) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        network.test().ifPresent(t -> metrics.put("testAccuracy", t.accuracy()));
        network.validation().ifPresent(v -> metrics.put("loss", v.loss()));
        return new StepSummary(
                "online",
                uri,
                accuracy(network),
                network.description().parameters(),
                network.history().size(),
                (long) result.trainSamples(),
                seconds,
                result.resumed(),
                metrics);
    }

    /**
     * The group's summary: the teacher's scores as the step's own, and every network's test and
     * validation accuracy and parameters under {@link GroupMetrics} keys.
     */
    private StepSummary groupSummary(String target, MutualTrainingResult result, double seconds) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (MutualTrainingResult.Network network : result.networks()) {
            String name = network.network();
            network.test()
                    .ifPresent(
                            t ->
                                    metrics.put(
                                            GroupMetrics.key(name, GroupMetrics.TEST_ACCURACY),
                                            t.accuracy()));
            network.validation()
                    .ifPresent(
                            v ->
                                    metrics.put(
                                            GroupMetrics.key(
                                                    name, GroupMetrics.VALIDATION_ACCURACY),
                                            v.accuracy()));
            metrics.put(
                    GroupMetrics.key(name, GroupMetrics.PARAMETERS),
                    (double) network.description().parameters());
        }
        MutualTrainingResult.Network teacher = result.networks().get(0);
        teacher.test().ifPresent(t -> metrics.put("testAccuracy", t.accuracy()));
        return new StepSummary(
                "online",
                target,
                accuracy(teacher),
                teacher.description().parameters(),
                epochs - result.resumedFromEpoch(),
                (long) result.trainSamples(),
                seconds,
                result.resumed(),
                metrics);
    }

    private static Double accuracy(MutualTrainingResult.Network network) {
        return network.validation()
                .map(ModelEvaluation::accuracy)
                .orElse(network.test().map(ModelEvaluation::accuracy).orElse(null));
    }

    /** What the report reads from a network's {@code metrics.json}, as a train step writes it. */
    private Map<String, Object> details(MutualTrainingResult.Network network, String dataUri) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", network.description().spec());
        details.put("data", dataUri);
        details.put("online", true);
        details.put(
                "validationAccuracy",
                network.validation().map(ModelEvaluation::accuracy).orElse(null));
        details.put("testAccuracy", network.test().map(ModelEvaluation::accuracy).orElse(null));
        details.put(
                "testPerClassAccuracy",
                network.test().map(ModelEvaluation::perClassAccuracy).orElse(null));
        details.put("seed", seed);
        details.put("splitSeed", splitSeed);
        details.put("batchSize", batchSize);
        details.put("learningRate", learningRate);
        details.put("temperature", temperature);
        details.put("alpha", alpha);
        details.put("teacherWarmupEpochs", teacherWarmupEpochs);
        List<EpochRecord> history = network.history();
        details.put("history", history);
        return details;
    }
}
