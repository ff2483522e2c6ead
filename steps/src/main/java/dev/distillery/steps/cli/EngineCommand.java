package dev.distillery.steps.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.distillery.contract.ExitCodes;
import dev.distillery.steps.training.DeviceChoice;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code distillery-step engine}: loads the PyTorch engine and prints what it found (version,
 * libtorch flavour and folder, GPUs, the devices a {@code --device} choice resolves to), as
 * Katib-style lines. Run it on a node to see whether the step will use its GPUs; the step image's
 * build runs it once so libtorch is unpacked into the image, not into every pod.
 */
@Command(
        name = "engine",
        mixinStandardHelpOptions = true,
        description = "Load the PyTorch engine and print its version, flavour, GPUs and devices.")
final class EngineCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DeviceOption device;

    @Override
    public Integer call() {
        Engine engine = Engine.getEngine("PyTorch");
        Device[] devices = device.all();
        PrintWriter out = spec.commandLine().getOut();
        out.println("engine=" + engine.getEngineName());
        out.println("version=" + engine.getVersion());
        out.println("flavor=" + System.getProperty("ai.djl.pytorch.flavor", flavorFromEnv()));
        out.println("gpus=" + engine.getGpuCount());
        out.println("devices=" + DeviceChoice.describe(devices));
        out.flush();
        return ExitCodes.OK;
    }

    private static String flavorFromEnv() {
        String flavor = System.getenv("PYTORCH_FLAVOR");
        return flavor == null || flavor.isBlank() ? "cpu (bundled)" : flavor;
    }
}
