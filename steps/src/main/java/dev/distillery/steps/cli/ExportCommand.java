package dev.distillery.steps.cli;

import dev.distillery.contract.ExitCodes;
import dev.distillery.contract.StepSummary;
import dev.distillery.steps.artifacts.StepStorage;
import dev.distillery.steps.export.Precision;
import dev.distillery.steps.export.StudentExport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export}: hands a model trained here to PyTorch users. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description =
                "Writes a model trained here for PyTorch users: pytorch (model.py in plain"
                        + " torch.nn + model.safetensors), onnx (model.onnx) or torchscript"
                        + " (model.pt), all without Python; onnx and torchscript carry a"
                        + " teacher.json. torchscript can be int8 (--quantize int8), as PyTorch's"
                        + " dynamic quantization makes it.")
public final class ExportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StepOptions step;

    @Option(names = "--model", required = true, paramLabel = "URI")
    String model;

    @Option(
            names = "--format",
            required = true,
            paramLabel = "FORMAT",
            description = "pytorch, onnx or torchscript.")
    String format;

    @Option(names = "--output", required = true, paramLabel = "URI")
    String output;

    @Option(
            names = "--quantize",
            defaultValue = "none",
            paramLabel = "PRECISION",
            description =
                    "none, or int8: the linear layers' weights in int8 (per tensor, symmetric) and"
                            + " their activations quantized per batch, as"
                            + " torch.ao.quantization.quantize_dynamic does; convolutions stay"
                            + " float. torchscript only. Default: ${DEFAULT-VALUE}.")
    String quantize;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        String fmt = StudentExport.format(format);
        Precision precision = Precision.of(quantize);
        String modelUri = StepStorage.canonical(model);
        String outputUri = StepStorage.canonical(output);
        try (StepStorage storage = new StepStorage()) {
            Path modelFolder = storage.fetch(modelUri);
            Path folder = storage.newFolder("export");
            StudentExport.Result result =
                    StudentExport.run(modelFolder, modelUri, fmt, precision, folder);
            storage.publish(folder, outputUri);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("bytes", (double) result.bytes());
            result.largestDifference().ifPresent(d -> metrics.put("largestDifference", d));
            StepSummary summary =
                    new StepSummary(
                            "export",
                            outputUri,
                            null,
                            result.parameters(),
                            null,
                            null,
                            (System.nanoTime() - started) / 1e9,
                            false,
                            metrics);
            spec.commandLine()
                    .getErr()
                    .println(
                            "exported "
                                    + modelUri
                                    + " as "
                                    + fmt
                                    + (precision == Precision.INT8 ? " (int8)" : "")
                                    + " to "
                                    + outputUri
                                    + ": "
                                    + String.join(", ", result.files()));
            StepReport.announce(
                    summary,
                    spec.commandLine().getOut(),
                    step.terminationLog,
                    spec.commandLine().getErr());
            return ExitCodes.OK;
        }
    }
}
