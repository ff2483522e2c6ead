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
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.ViewBatch;
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
 * Fixed teachers loaded into the student's step that label every augmented batch on the fly, on
 * exactly the view the student trains on (Beyer et al. 2022, "consistent" distillation). Their
 * parameters are frozen and they run in inference mode, so they are never updated; an ensemble is
 * combined like stored soft labels. With hints, the first member also gives its hint feature map.
 */
public final class ConsistentTeacher implements TeacherSignal, AutoCloseable {
    private final List<Model> members;
    private final List<ModelDescription> descriptions;
    private final EnsembleCombination combination;
    private final Optional<HintLayer> hint;

    private ConsistentTeacher(
            List<Model> members,
            List<ModelDescription> descriptions,
            EnsembleCombination combination,
            Optional<HintLayer> hint) {
        this.members = members;
        this.descriptions = descriptions;
        this.combination = combination;
        this.hint = hint;
    }

    /**
     * Loads the teachers saved in {@code folders} (named {@code names} in messages) onto {@code
     * device}, the student's; with {@code hints}, finds the first member's hint layer, which must
     * exist.
     */
    public static ConsistentTeacher load(
            List<Path> folders,
            List<String> names,
            EnsembleCombination combination,
            boolean hints,
            Device device) {
        List<Model> members = new ArrayList<>();
        List<ModelDescription> descriptions = new ArrayList<>();
        try {
            for (Path folder : folders) {
                Model model = SavedModel.load(folder, device);
                members.add(model);
                // Frozen: no gradient is ever attached to a teacher parameter.
                model.getBlock().freezeParameters(true);
                descriptions.add(ModelDescription.read(folder.resolve(ArtifactFiles.MODEL_SPEC)));
            }
            Optional<HintLayer> hint = Optional.empty();
            if (hints) {
                long[] d = descriptions.get(0).shape().dimensions();
                hint =
                        Optional.of(
                                HintLayer.of(
                                        members.get(0).getBlock(),
                                        new Shape(1, d[0], d[1], d[2]),
                                        "teacher " + names.get(0)));
            }
            return new ConsistentTeacher(members, descriptions, combination, hint);
        } catch (RuntimeException e) {
            members.forEach(Model::close);
            throw e;
        }
    }

    /** The first member's hint layer, present with hints. */
    public Optional<HintLayer> hint() {
        return hint;
    }

    @Override
    public int classes() {
        return descriptions.get(0).classes();
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
        long[] d = batch.shape().dimensions();
        int rows = batch.size();
        for (int m = 0; m < members.size(); m++) {
            // Each member normalizes the student's view its own way.
            float[] pixels = descriptions.get(m).normalization().apply(batch);
            Model member = members.get(m);
            // Every array of the teacher's forward pass dies with this sub-manager; only copies
            // leave it, so nothing of the teacher can join the student's gradient graph.
            try (NDManager scope = member.getNDManager().newSubManager()) {
                NDArray input = scope.create(pixels, new Shape(rows, d[0], d[1], d[2]));
                ParameterStore parameters = new ParameterStore(scope, false);
                NDList output;
                if (m == 0 && hint.isPresent()) {
                    SequentialBlock block = (SequentialBlock) member.getBlock();
                    NDList hinted =
                            hint.get().forwardTo(block, parameters, new NDList(input), false);
                    NDArray map = hinted.singletonOrThrow();
                    features = Optional.of(new HintFeatures(map.toFloatArray(), map.getShape()));
                    output = hint.get().forwardFrom(block, parameters, hinted, false);
                } else {
                    output = member.getBlock().forward(parameters, new NDList(input), false);
                }
                logits[m] = output.singletonOrThrow().toFloatArray();
            }
        }
        return new TeacherBatch(combination.combine(logits, rows), features);
    }

    /** A copy of every member's parameter values by member index and parameter name. */
    Map<String, float[]> parameterValues() {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (int m = 0; m < members.size(); m++) {
            for (Pair<String, Parameter> p : members.get(m).getBlock().getParameters()) {
                values.put(m + "/" + p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return values;
    }

    /** Whether any member parameter takes a gradient. */
    boolean anyParameterTakesGradient() {
        for (Model member : members) {
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
        members.forEach(Model::close);
    }
}
