package dev.distillery.steps.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.Normalization;
import dev.distillery.steps.data.ViewBatch;
import dev.distillery.steps.evaluation.Classifier;
import dev.distillery.steps.evaluation.NetworkClassifier;
import dev.distillery.steps.imported.ImportedTeacher;
import dev.distillery.steps.imported.TeacherContract;
import dev.distillery.steps.imported.Teachers;
import dev.distillery.steps.model.ModelDescription;
import dev.distillery.steps.model.SavedModel;
import dev.distillery.steps.softlabels.EnsembleCombination;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fixed teachers (trained here or imported) loaded into the student's step that label every
 * augmented batch on the fly, on exactly the view the student trains on (Beyer et al. 2022,
 * "consistent" distillation). Their parameters are frozen and they run in inference mode, so they
 * are never updated; an ensemble is combined like stored soft labels. With hints, the first member
 * also gives its hint feature map.
 */
public final class ConsistentTeacher implements TeacherSignal, AutoCloseable {
    private final List<Classifier> members;
    private final List<Model> networks;
    private final int classes;
    private final EnsembleCombination combination;
    private final Optional<HintLayer> hint;
    private final Optional<Normalization> hintNormalization;

    private ConsistentTeacher(
            List<Classifier> members,
            List<Model> networks,
            int classes,
            EnsembleCombination combination,
            Optional<HintLayer> hint,
            Optional<Normalization> hintNormalization) {
        this.members = members;
        this.networks = networks;
        this.classes = classes;
        this.combination = combination;
        this.hint = hint;
        this.hintNormalization = hintNormalization;
    }

    /**
     * Loads the teachers saved in {@code folders} (named {@code names} in messages; trained here or
     * imported) onto {@code device}, the student's, fitted to {@code data}; with {@code hints},
     * finds the first member's hint layer, which must exist (so that member must be a CNN trained
     * here).
     */
    public static ConsistentTeacher load(
            List<Path> folders,
            List<String> names,
            Teachers.DataFit data,
            EnsembleCombination combination,
            boolean hints,
            Device device) {
        List<Classifier> members = new ArrayList<>();
        List<Model> networks = new ArrayList<>();
        try {
            Optional<HintLayer> hint = Optional.empty();
            Optional<Normalization> hintNormalization = Optional.empty();
            for (int m = 0; m < folders.size(); m++) {
                Path folder = folders.get(m);
                if (TeacherContract.isImported(folder)) {
                    if (m == 0 && hints) {
                        throw DistilleryException.badInput(
                                "--hint-weight needs the first --teacher to be a CNN trained by"
                                        + " Distillery, but "
                                        + names.get(0)
                                        + " is an imported teacher, whose layers are unknown");
                    }
                    members.add(ImportedTeacher.load(folder, names.get(m), data, device));
                    continue;
                }
                ModelDescription description =
                        ModelDescription.read(folder.resolve(ArtifactFiles.MODEL_SPEC));
                Model model = SavedModel.load(folder, device);
                members.add(NetworkClassifier.owning(model, description));
                networks.add(model);
                // Frozen: no gradient is ever attached to a teacher parameter.
                model.getBlock().freezeParameters(true);
                if (m == 0 && hints) {
                    long[] d = description.shape().dimensions();
                    hint =
                            Optional.of(
                                    HintLayer.of(
                                            model.getBlock(),
                                            new Shape(1, d[0], d[1], d[2]),
                                            "teacher " + names.get(0)));
                    hintNormalization = Optional.of(description.normalization());
                }
            }
            return new ConsistentTeacher(
                    members,
                    networks,
                    data.classNames().size(),
                    combination,
                    hint,
                    hintNormalization);
        } catch (RuntimeException e) {
            members.forEach(Classifier::close);
            throw e;
        }
    }

    /** The first member's hint layer, present with hints. */
    public Optional<HintLayer> hint() {
        return hint;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public Optional<Augmentation> requiredAugmentation() {
        return Optional.empty();
    }

    @Override
    public boolean labelsOnAnyThread() {
        return false;
    }

    @Override
    public TeacherBatch label(ViewBatch batch) {
        float[][] logits = new float[members.size()][];
        Optional<HintFeatures> features = Optional.empty();
        for (int m = 0; m < members.size(); m++) {
            if (m == 0 && hint.isPresent()) {
                HintedLogits hinted = hinted(batch);
                logits[0] = hinted.logits();
                features = Optional.of(hinted.features());
            } else {
                // Each member prepares the student's view its own way (normalization, or an
                // imported teacher's declared input); only a copy of its logits comes out, so
                // nothing of the teacher can join the student's gradient graph.
                Classifier member = members.get(m);
                logits[m] = member.logits(member.prepare(batch));
            }
        }
        return new TeacherBatch(combination.combine(logits, batch.size()), features);
    }

    private record HintedLogits(float[] logits, HintFeatures features) {}

    /** The first member's logits and hint feature map. */
    private HintedLogits hinted(ViewBatch batch) {
        long[] d = batch.shape().dimensions();
        int rows = batch.size();
        float[] pixels = hintNormalization.orElseThrow().apply(batch);
        Model member = networks.get(0);
        // Every array of the teacher's forward pass dies with this sub-manager.
        try (NDManager scope = member.getNDManager().newSubManager()) {
            NDArray input = scope.create(pixels, new Shape(rows, d[0], d[1], d[2]));
            ParameterStore parameters = new ParameterStore(scope, false);
            SequentialBlock block = (SequentialBlock) member.getBlock();
            NDList hinted = hint.get().forwardTo(block, parameters, new NDList(input), false);
            NDArray map = hinted.singletonOrThrow();
            HintFeatures features = new HintFeatures(map.toFloatArray(), map.getShape());
            NDList output = hint.get().forwardFrom(block, parameters, hinted, false);
            return new HintedLogits(output.singletonOrThrow().toFloatArray(), features);
        }
    }

    /** A copy of every member's parameter values by member index and parameter name. */
    Map<String, float[]> parameterValues() {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (int m = 0; m < networks.size(); m++) {
            for (Pair<String, Parameter> p : networks.get(m).getBlock().getParameters()) {
                values.put(m + "/" + p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return values;
    }

    /** Whether any member parameter takes a gradient. */
    boolean anyParameterTakesGradient() {
        for (Model member : networks) {
            for (Pair<String, Parameter> p : member.getBlock().getParameters()) {
                if (p.getValue().requiresGradient() || p.getValue().getArray().hasGradient()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        members.forEach(Classifier::close);
    }
}
