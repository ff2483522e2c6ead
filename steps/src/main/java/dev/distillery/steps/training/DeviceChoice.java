package dev.distillery.steps.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.distillery.contract.DistilleryException;
import java.util.Arrays;

/**
 * Turns {@code --device auto|cpu|gpu|gpu:N|gpu:all} into DJL devices: {@code auto} takes the first
 * GPU and falls back to the CPU, {@code gpu} without a GPU is bad input, {@code gpu:all} takes
 * every GPU of the node for data-parallel training.
 */
public final class DeviceChoice {

    private DeviceChoice() {}

    /** The devices {@code choice} names on this machine. */
    public static Device[] resolve(String choice) {
        Engine engine = Engine.getInstance();
        int gpus = engine.getGpuCount();
        String value = choice == null ? "auto" : choice.trim();
        switch (value) {
            case "auto":
                return new Device[] {gpus > 0 ? Device.gpu() : Device.cpu()};
            case "cpu":
                return new Device[] {Device.cpu()};
            case "gpu":
                requireGpus(value, gpus, 1);
                return new Device[] {Device.gpu()};
            case "gpu:all":
                requireGpus(value, gpus, 1);
                return engine.getDevices();
            default:
                if (value.matches("gpu:\\d+")) {
                    int index = Integer.parseInt(value.substring(4));
                    requireGpus(value, gpus, index + 1);
                    return new Device[] {Device.gpu(index)};
                }
                throw DistilleryException.badInput(
                        "--device '" + value + "' is not one of auto, cpu, gpu, gpu:N, gpu:all");
        }
    }

    /**
     * The one device an inference step ({@code soft-labels}, {@code evaluate}, a live teacher) runs
     * on: what {@code choice} names, or its first GPU for {@code gpu:all}.
     */
    public static Device single(String choice) {
        return resolve(choice)[0];
    }

    /** A short description of the devices, for logs and metrics. */
    public static String describe(Device[] devices) {
        return String.join(",", Arrays.stream(devices).map(Device::toString).toList());
    }

    private static void requireGpus(String choice, int available, int needed) {
        if (available < needed) {
            throw DistilleryException.badInput(
                    "--device "
                            + choice
                            + " needs "
                            + needed
                            + " GPU(s) but the PyTorch engine sees "
                            + available
                            + " (CPU-only libtorch, or libcudart.so not found); use --device auto"
                            + " or cpu");
        }
    }
}
