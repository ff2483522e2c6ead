package dev.distillery.steps.export;

import ai.djl.Device;
import ai.djl.Model;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.imported.InputContract;
import dev.distillery.steps.imported.TeacherContract;
import dev.distillery.steps.model.ModelDescription;
import dev.distillery.steps.model.SavedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Hands a student trained here to PyTorch users, in one of three formats, all written in Java (no
 * Python): {@code pytorch} ({@code model.py} + {@code model.safetensors}), {@code onnx} ({@code
 * model.onnx}, checked in ONNX Runtime) and {@code torchscript} ({@code model.pt}, checked in
 * libtorch); ONNX and TorchScript with a {@code teacher.json} so the file can come back as an
 * imported teacher. TorchScript can also be int8 ({@link Precision#INT8}), as PyTorch's dynamic
 * quantization makes it.
 */
public final class StudentExport {
    /** The formats a student can be exported in. */
    public static final List<String> FORMATS = List.of("pytorch", "onnx", "torchscript");

    private static final String ONNX_FILE = "model.onnx";
    private static final String TORCHSCRIPT_FILE = "model.pt";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What an export wrote.
     *
     * @param format the format
     * @param files the files written, by name
     * @param parameters the student's trainable parameter count
     * @param bytes the bytes of those files together
     * @param largestDifference for ONNX and TorchScript, the largest logit difference between the
     *     file (in ONNX Runtime, in libtorch) and the DJL network, on random inputs
     */
    public record Result(
            String format,
            List<String> files,
            long parameters,
            long bytes,
            OptionalDouble largestDifference) {}

    private StudentExport() {}

    /** {@code format} in lower case; anything but {@link #FORMATS} is bad input naming it. */
    public static String format(String format) {
        String lower = format.toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(lower)) {
            throw DistilleryException.badInput(
                    "--format must be one of " + FORMATS + ", got '" + format + "'");
        }
        return lower;
    }

    /**
     * Exports the model trained here in {@code modelFolder} (named {@code modelName} in messages)
     * as {@code format} into {@code output}, in {@code precision} (int8: TorchScript only).
     */
    public static Result run(
            Path modelFolder, String modelName, String format, Precision precision, Path output) {
        String fmt = format(format);
        if (precision == Precision.INT8 && !fmt.equals("torchscript")) {
            throw DistilleryException.badInput(
                    "--quantize int8 needs --format torchscript (PyTorch's dynamic quantization"
                            + " runs in libtorch), got --format "
                            + fmt);
        }
        if (!Files.isRegularFile(modelFolder.resolve(ArtifactFiles.MODEL_SPEC))) {
            throw DistilleryException.badInput(
                    modelName
                            + " is not a model trained by Distillery (no "
                            + ArtifactFiles.MODEL_SPEC
                            + "): only students and teachers trained here can be exported");
        }
        ModelDescription description =
                ModelDescription.read(modelFolder.resolve(ArtifactFiles.MODEL_SPEC));
        try {
            OptionalDouble difference = OptionalDouble.empty();
            List<String> files;
            switch (fmt) {
                case "pytorch" -> {
                    writePyTorch(description, modelFolder, output);
                    files = List.of(PyTorchFiles.MODULE, PyTorchFiles.WEIGHTS);
                }
                case "onnx" -> {
                    Files.createDirectories(output);
                    try (Model model = SavedModel.load(modelFolder, Device.cpu())) {
                        difference =
                                OptionalDouble.of(
                                        OnnxExport.write(
                                                description, model, output.resolve(ONNX_FILE)));
                    }
                    files = withContract(description, fmt, ONNX_FILE, output);
                }
                default -> {
                    Files.createDirectories(output);
                    try (Model model = SavedModel.load(modelFolder, Device.cpu())) {
                        difference =
                                OptionalDouble.of(
                                        TorchScriptExport.write(
                                                description,
                                                model,
                                                output.resolve(TORCHSCRIPT_FILE),
                                                precision));
                    }
                    files = withContract(description, fmt, TORCHSCRIPT_FILE, output);
                }
            }
            long bytes = 0;
            for (String file : files) {
                bytes += Files.size(output.resolve(file));
            }
            return new Result(fmt, files, description.parameters(), bytes, difference);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export of " + modelName, e);
        }
    }

    /** {@code model.py} and {@code model.safetensors} of the model in {@code modelFolder}. */
    private static void writePyTorch(ModelDescription description, Path modelFolder, Path folder)
            throws IOException {
        Files.createDirectories(folder);
        // The parameters are copied out to the files before the model's native memory goes.
        try (Model model = SavedModel.load(modelFolder, Device.cpu())) {
            PyTorchFiles.write(description, model.getBlock(), folder);
        }
    }

    /** Writes the contract beside {@code file}; returns both names. */
    private static List<String> withContract(
            ModelDescription description, String format, String file, Path output)
            throws IOException {
        writeContract(description, format, file, output);
        return List.of(file, TeacherContract.FILE);
    }

    /** The {@code teacher.json} that lets the exported file be imported back as a teacher. */
    private static void writeContract(
            ModelDescription description, String format, String file, Path output)
            throws IOException {
        int[] shape = description.inputShape();
        var normalization = description.normalization();
        TeacherContract contract =
                new TeacherContract(
                        format,
                        file,
                        new InputContract(
                                shape[0],
                                shape[1],
                                shape[2],
                                "NCHW",
                                normalization.mean(),
                                normalization.std()),
                        description.classNames(),
                        description.parameters());
        JSON.writeValue(output.resolve(TeacherContract.FILE).toFile(), contract);
    }
}
