package dev.distillery.steps.export;

import dev.distillery.contract.DistilleryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * TorchScript files made by real PyTorch from the generated {@code model.py}: Java cannot write one
 * faithfully, so {@code export_student.py} runs {@code torch.jit.script} on the module, then checks
 * the file against the module on random inputs. (ONNX is written in Java: {@link OnnxModel}.)
 */
final class PythonExport {
    /** The exit code of {@code export_student.py} when torch is missing. */
    private static final int MISSING_PACKAGE = 3;

    private PythonExport() {}

    /**
     * Exports the module in {@code pytorchFolder} as {@code format} into {@code file}, with {@code
     * python}; returns the largest logit difference between the file and the module.
     */
    static double run(String python, Path pytorchFolder, String format, Path file, Path work) {
        Path script = work.resolve("export_student.py");
        Path log = work.resolve("export_student.log");
        Process process;
        try {
            Files.writeString(script, PyTorchFiles.resource("export_student.py"));
            List<String> command =
                    List.of(
                            python,
                            script.toString(),
                            pytorchFolder.toString(),
                            format,
                            file.toString());
            process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
        } catch (IOException e) {
            throw needsPython(python, format, "cannot run it: " + e.getMessage());
        }
        int code;
        String output;
        try {
            code = process.waitFor();
            output = Files.readString(log, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while exporting " + format, e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + log, e);
        }
        if (code == MISSING_PACKAGE) {
            throw needsPython(python, format, output.strip());
        }
        OptionalDouble difference = largestDifference(output);
        if (code != 0 || difference.isEmpty()) {
            throw new IllegalStateException(
                    "export_student.py exited with "
                            + code
                            + " exporting "
                            + format
                            + ":\n"
                            + output);
        }
        return difference.getAsDouble();
    }

    private static OptionalDouble largestDifference(String output) {
        for (String line : output.split("\n")) {
            if (line.startsWith("largest difference ")) {
                return OptionalDouble.of(Double.parseDouble(line.substring(19).trim()));
            }
        }
        return OptionalDouble.empty();
    }

    private static DistilleryException needsPython(String python, String format, String why) {
        return DistilleryException.badInput(
                "--format "
                        + format
                        + " runs PyTorch (torch) in Python '"
                        + python
                        + "' (--python, $DISTILLERY_PYTHON): "
                        + why);
    }
}
