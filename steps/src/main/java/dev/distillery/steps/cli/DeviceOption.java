package dev.distillery.steps.cli;

import ai.djl.Device;
import dev.distillery.steps.training.DeviceChoice;
import picocli.CommandLine.Option;

/**
 * {@code --device}, shared by every step that runs a network: training takes every device it names,
 * inference (soft labels, evaluation, a live teacher) the first.
 */
public final class DeviceOption {

    @Option(
            names = "--device",
            defaultValue = "auto",
            paramLabel = "DEVICE",
            description =
                    "auto|cpu|gpu|gpu:N|gpu:all: auto takes the first GPU the engine sees, else"
                            + " the CPU; gpu:all trains data-parallel (inference uses its first"
                            + " GPU). Default: ${DEFAULT-VALUE}.")
    String device;

    /** Every device the choice names, for training. */
    Device[] all() {
        return DeviceChoice.resolve(device);
    }

    /** The one device inference runs on. */
    Device single() {
        return DeviceChoice.single(device);
    }
}
