package dev.distillery.steps.imported;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import ai.djl.util.PairList;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.ImageShape;
import dev.distillery.steps.data.ViewBatch;
import dev.distillery.steps.evaluation.Classifier;
import dev.distillery.steps.model.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A teacher trained elsewhere: a TorchScript file run by DJL's PyTorch engine, or an ONNX model run
 * by ONNX Runtime (always on the CPU: the bundled ONNX Runtime has no GPU provider), fed as its
 * {@link TeacherContract} declares and giving logits in the data's class order.
 */
public final class ImportedTeacher implements Classifier {
    private final ZooModel<NDList, NDList> model;
    private final TeacherContract contract;
    private final int[] outputOf;

    private ImportedTeacher(
            ZooModel<NDList, NDList> model, TeacherContract contract, int[] outputOf) {
        this.model = model;
        this.contract = contract;
        this.outputOf = outputOf;
    }

    /**
     * Loads the teacher in {@code folder} (named {@code name} in messages) for {@code data}, onto
     * {@code device}, and checks with one forward pass that the network takes the declared input
     * and gives one logit per declared class; every mismatch is bad input naming the contract and
     * the model. The caller closes.
     */
    public static ImportedTeacher load(
            Path folder, String name, Teachers.DataFit data, Device device) {
        TeacherContract contract = TeacherContract.read(folder);
        ImageShape shape = data.shape();
        String dataName = data.dataName();
        int[] outputOf = contract.outputOf(data.classNames(), name, dataName);
        if (!contract.input().accepts(shape)) {
            throw DistilleryException.badInput(
                    "teacher "
                            + name
                            + " takes "
                            + contract.input().channels()
                            + "-channel input ("
                            + TeacherContract.FILE
                            + ") but the data "
                            + dataName
                            + " has "
                            + shape.channels()
                            + "-channel images: only grey to RGB and RGB to grey convert");
        }
        Path file = folder.resolve(contract.file());
        if (!Files.isRegularFile(file)) {
            throw DistilleryException.badInput(
                    "teacher "
                            + name
                            + ": its "
                            + TeacherContract.FILE
                            + " names the "
                            + contract.format()
                            + " file "
                            + contract.file()
                            + ", which is not in "
                            + folder);
        }
        ImportedTeacher teacher =
                new ImportedTeacher(open(file, contract, device, name), contract, outputOf);
        try {
            teacher.probe(name);
            return teacher;
        } catch (RuntimeException e) {
            teacher.close();
            throw e;
        }
    }

    private static ZooModel<NDList, NDList> open(
            Path file, TeacherContract contract, Device device, String name) {
        Criteria.Builder<NDList, NDList> criteria =
                Criteria.builder()
                        .setTypes(NDList.class, NDList.class)
                        .optModelPath(file)
                        .optTranslator(new NoopTranslator());
        if (contract.onnx()) {
            criteria.optEngine("OnnxRuntime").optDevice(Device.cpu());
        } else {
            // mapLocation: a file saved on one device loads onto the step's.
            criteria.optEngine("PyTorch").optDevice(device).optOption("mapLocation", "true");
        }
        try {
            return criteria.build().loadModel();
        } catch (IOException
                | ModelNotFoundException
                | MalformedModelException
                | RuntimeException e) {
            throw DistilleryException.badInput(
                    "teacher "
                            + name
                            + ": "
                            + file.getFileName()
                            + " cannot be loaded as "
                            + contract.format()
                            + " ("
                            + TeacherContract.FILE
                            + "'s format): "
                            + e.getMessage(),
                    e);
        }
    }

    /** One forward pass of a zero input of the declared shape: fails unless the contract fits. */
    private void probe(String name) {
        InputContract input = contract.input();
        long[] shape = input.batchShape(1);
        NDList output;
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray zeros =
                    scope.create(
                            new float[input.channels() * input.height() * input.width()],
                            new Shape(shape));
            try {
                output =
                        model.getBlock()
                                .forward(
                                        new ParameterStore(scope, false), new NDList(zeros), false);
            } catch (EngineException | IllegalArgumentException | IllegalStateException e) {
                throw DistilleryException.badInput(
                        "teacher "
                                + name
                                + ": its model "
                                + contract.file()
                                + " does not take the input its "
                                + TeacherContract.FILE
                                + " declares, "
                                + input.size()
                                + " "
                                + input.layout()
                                + " as "
                                + new Shape(shape)
                                + describeInput()
                                + ": "
                                + lastLine(e.getMessage()),
                        e);
            }
            Shape out = output.size() == 1 ? output.head().getShape() : null;
            if (out == null || out.size() != contract.classes() || out.get(0) != 1) {
                throw DistilleryException.badInput(
                        "teacher "
                                + name
                                + ": its model "
                                + contract.file()
                                + " gives "
                                + (output.size() == 1
                                        ? "outputs of shape " + out
                                        : output.size() + " outputs")
                                + " for one input but its "
                                + TeacherContract.FILE
                                + " names "
                                + contract.classes()
                                + " classes: a teacher gives one logit per class");
            }
        }
    }

    /** The inputs the model file declares (ONNX does; TorchScript does not), for messages. */
    private String describeInput() {
        try {
            PairList<String, Shape> inputs = model.describeInput();
            List<String> known = new ArrayList<>();
            for (int i = 0; inputs != null && i < inputs.size(); i++) {
                if (inputs.valueAt(i) != null) {
                    known.add(inputs.keyAt(i) + " " + inputs.valueAt(i));
                }
            }
            return known.isEmpty() ? "" : " (the model declares " + String.join(", ", known) + ")";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The engine's own words: the last line of its message (TorchScript puts a trace first). */
    private static String lastLine(String message) {
        if (message == null) {
            return "";
        }
        List<String> lines = message.strip().lines().filter(l -> !l.isBlank()).toList();
        String line = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** The contract the teacher was loaded with. */
    public TeacherContract contract() {
        return contract;
    }

    /**
     * The network's parameter count: the contract's, else the one the engine reports (TorchScript).
     */
    public Optional<Long> parameters() {
        if (contract.parameters() != null) {
            return Optional.of(contract.parameters());
        }
        long count = SavedModel.parameterCount(model.getBlock());
        return count > 0 ? Optional.of(count) : Optional.empty();
    }

    @Override
    public Input prepare(ViewBatch batch) {
        return new Input(
                contract.input().apply(batch),
                contract.input().batchShape(batch.size()),
                batch.size());
    }

    @Override
    public float[] logits(Input input) {
        float[] raw;
        // Every array of the teacher's forward pass dies with this sub-manager; only a copy leaves.
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray x = scope.create(input.values(), new Shape(input.shape()));
            NDList output =
                    model.getBlock()
                            .forward(new ParameterStore(scope, false), new NDList(x), false);
            raw = output.head().toFloatArray();
        }
        int classes = outputOf.length;
        float[] logits = new float[input.rows() * classes];
        for (int r = 0; r < input.rows(); r++) {
            for (int c = 0; c < classes; c++) {
                logits[r * classes + c] = raw[r * classes + outputOf[c]];
            }
        }
        return logits;
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return contract.format() + " " + contract.file() + " " + Arrays.toString(outputOf);
    }
}
