package dev.distillery.steps.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The network's parameters on every data-parallel replica. Replica 0 trains the parameters' own
 * arrays (on the run's first device), so the optimizer of a one-device run updates them unchanged;
 * every other replica holds a copy on its device. After a batch's backward passes, {@link
 * #reduceGradients} adds every replica's gradients into replica 0's, the optimizer steps once, and
 * {@link #broadcast} copies replica 0's values (batch-norm running statistics included) back to the
 * others, so all replicas start every batch equal and the optimizer counts one update per batch.
 *
 * <p>Replicas are indexed, not keyed by device, so several replicas may share one device: that is
 * how the data-parallel path runs on a CPU in tests.
 */
final class Replicas extends ParameterStore implements AutoCloseable {
    private final Block block;
    private final Device[] devices;
    private final NDManager manager;
    private final List<Map<String, NDArray>> copies = new ArrayList<>();
    private int current;

    /**
     * Replicas of {@code block}'s initialized parameters on {@code devices}, in order; made outside
     * any gradient collection, so each copy is a leaf of its own.
     */
    Replicas(Block block, Device[] devices, NDManager parent) {
        super(parent, false);
        this.block = block;
        this.devices = devices.clone();
        this.manager = parent.newSubManager();
        copies.add(Map.of());
        for (int k = 1; k < devices.length; k++) {
            Map<String, NDArray> replica = new HashMap<>();
            for (Pair<String, Parameter> pair : block.getParameters()) {
                replica.put(pair.getValue().getId(), copy(pair.getValue(), devices[k]));
            }
            copies.add(replica);
        }
    }

    /** Number of replicas. */
    int count() {
        return devices.length;
    }

    /** The device of replica {@code k}. */
    Device device(int k) {
        return devices[k];
    }

    /** Makes forward passes through this store use replica {@code k}'s parameters. */
    void use(int k) {
        current = k;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        if (parameter == null) {
            return null;
        }
        if (current == 0) {
            return parameter.getArray();
        }
        return copies.get(current).get(parameter.getId());
    }

    /** Adds the gradients of replicas 1.. into replica 0's and zeroes theirs. */
    void reduceGradients() {
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter parameter = pair.getValue();
            if (!parameter.requiresGradient()) {
                continue;
            }
            try (NDArray total = parameter.getArray().getGradient()) {
                for (int k = 1; k < devices.length; k++) {
                    NDArray copy = copies.get(k).get(parameter.getId());
                    if (!copy.hasGradient()) {
                        continue; // this replica has not had a slice yet
                    }
                    try (NDArray gradient = copy.getGradient();
                            NDArray moved = gradient.toDevice(devices[0], true)) {
                        total.addi(moved);
                        gradient.subi(gradient);
                    }
                }
            }
        }
    }

    /** Copies replica 0's values of every parameter to the other replicas. */
    void broadcast() {
        for (int k = 1; k < devices.length; k++) {
            for (Pair<String, Parameter> pair : block.getParameters()) {
                pair.getValue().getArray().copyTo(copies.get(k).get(pair.getValue().getId()));
            }
        }
    }

    @Override
    public void sync() {
        // Replica 0 is the parameters' own arrays: there is nothing to copy back.
    }

    @Override
    public void close() {
        manager.close();
    }

    private NDArray copy(Parameter parameter, Device device) {
        NDArray copy;
        try (NDArray duplicate = parameter.getArray().duplicate()) {
            copy = duplicate.toDevice(device, true);
        }
        copy.attach(manager);
        if (parameter.requiresGradient()) {
            copy.setRequiresGradient(true);
        }
        return copy;
    }
}
