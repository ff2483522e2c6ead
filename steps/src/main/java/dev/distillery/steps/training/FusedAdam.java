package dev.distillery.steps.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.Trainer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.distillery.contract.DistilleryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Adam with decoupled weight decay (AdamW, Loshchilov and Hutter 2019; plain Adam at decay 0) whose
 * state Distillery owns: every trainable parameter's first and second moment and step count live
 * here, so a checkpoint keeps them ({@value #FILE}). A step is one call into libtorch's fused
 * kernel ({@code torch._fused_adamw_}, the one {@code torch.optim.AdamW(fused=True)} uses, for CPU
 * and CUDA tensors alike) over all parameters, through the TorchScript module {@code fused-adam.pt}
 * that {@code steps/src/main/torchscript/fused_adam.py} generates; the gradients are zeroed after
 * it, as DJL's optimizers leave them. Betas 0.9 and 0.999, epsilon 1e-8, the learning rate of the
 * run's schedule at each update.
 *
 * <p>The update is PyTorch's: epsilon is added to the bias-corrected {@code sqrt(v_hat)}. DJL's
 * {@code Adam} adds it before the correction (an epsilon {@code 1 / sqrt(1 - beta2^t)} times
 * larger, 32x at step 1), so the two differ where a gradient is as small as epsilon.
 *
 * <p>One device only: the parameters must be the arrays the trainer's forward pass uses, and must
 * not be replaced (loaded) while this optimizer lives.
 */
public final class FusedAdam implements ParameterUpdate {
    /** The optimizer state's file in a checkpoint folder. */
    public static final String FILE = "adam-0000.safetensors";

    static final String MODULE = "fused-adam.pt";
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private final NDManager manager;
    private final PtSymbolBlock module;
    private final List<PtNDArray> means = new ArrayList<>();
    private final List<PtNDArray> variances = new ArrayList<>();
    private final List<PtNDArray> steps = new ArrayList<>();
    // Built once: a TorchScript list shares its tensors, so the in-place updates reach our arrays.
    private final IValue[] state;
    // The step's constant arguments (betas, weight decay, epsilon), also built once.
    private final IValue[] constants;
    private final Tracker learningRate;
    private int updates;

    /**
     * Adam over {@code trainer}'s trainable parameters (initialized, on its one device) at the rate
     * {@code learningRate} gives for update 1, 2, ... of this optimizer, with decoupled weight
     * decay {@code weightDecay}.
     */
    public FusedAdam(Trainer trainer, Tracker learningRate, double weightDecay) {
        this(trainer, learningRate, weightDecay, EPSILON);
    }

    /** As above with {@code epsilon} in the denominator instead of 1e-8. */
    FusedAdam(Trainer trainer, Tracker learningRate, double weightDecay, double epsilon) {
        Device[] devices = trainer.getDevices();
        if (devices.length != 1) {
            throw new IllegalArgumentException(
                    "FusedAdam trains on one device, not " + devices.length);
        }
        this.learningRate = learningRate;
        this.manager = trainer.getManager().newSubManager(devices[0]);
        List<PtNDArray> parameters = new ArrayList<>();
        for (Pair<String, Parameter> pair : trainer.getModel().getBlock().getParameters()) {
            Parameter parameter = pair.getValue();
            if (!parameter.requiresGradient()) {
                continue;
            }
            // On the trainer's one device DJL's ParameterStore trains the parameter's own array.
            NDArray weight = parameter.getArray();
            if (!weight.getDevice().equals(devices[0])) {
                throw new IllegalArgumentException(
                        pair.getKey() + " is on " + weight.getDevice() + ", not " + devices[0]);
            }
            parameters.add((PtNDArray) weight);
            means.add(zeros(weight.getShape(), weight.getDataType(), pair.getKey() + ".exp_avg"));
            variances.add(
                    zeros(weight.getShape(), weight.getDataType(), pair.getKey() + ".exp_avg_sq"));
            steps.add(zeros(new Shape(), DataType.FLOAT32, pair.getKey() + ".step"));
        }
        this.module = load((PtNDManager) manager);
        this.state =
                new IValue[] {
                    IValue.listFrom(parameters.toArray(PtNDArray[]::new)),
                    IValue.listFrom(means.toArray(PtNDArray[]::new)),
                    IValue.listFrom(variances.toArray(PtNDArray[]::new)),
                    IValue.listFrom(steps.toArray(PtNDArray[]::new))
                };
        this.constants =
                new IValue[] {
                    IValue.from(BETA1),
                    IValue.from(BETA2),
                    IValue.from(weightDecay),
                    IValue.from(epsilon)
                };
    }

    @Override
    public void step() {
        updates++;
        double rate = learningRate.getNewValue(updates);
        try (IValue lr = IValue.from(rate);
                IValue none =
                        IValueUtils.runMethod(
                                module,
                                "step",
                                state[0],
                                state[1],
                                state[2],
                                state[3],
                                lr,
                                constants[0],
                                constants[1],
                                constants[2],
                                constants[3])) {
            // The step returns None; its work is in place.
        }
    }

    /** The number of steps taken so far, restored ones included (the first parameter's count). */
    public long stepsTaken() {
        return steps.isEmpty() ? 0 : (long) steps.get(0).getFloat();
    }

    @Override
    public void save(Path folder) {
        // Host copies of GPU tensors are made for the file only and die with this scope.
        try (NDManager scope = manager.newSubManager(Device.cpu());
                OutputStream out = Files.newOutputStream(folder.resolve(FILE))) {
            NDList all = new NDList();
            for (PtNDArray array : stateArrays()) {
                all.add(onHost(array, scope));
            }
            all.encode(out, NDList.Encoding.SAFETENSORS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the Adam state into " + folder, e);
        }
    }

    @Override
    public void restore(Path folder, Consumer<String> log) {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            log.accept(
                    "the checkpoint has no "
                            + FILE
                            + " (written with --optimizer sgd or before Distillery kept Adam's"
                            + " state): Adam's moments restart");
            return;
        }
        // Decoded on the host in a scope of their own, they die once copied into ours.
        try (NDManager scope = manager.newSubManager(Device.cpu());
                InputStream in = Files.newInputStream(file)) {
            Map<String, NDArray> saved = new HashMap<>();
            for (NDArray array : NDList.decode(scope, in)) {
                saved.put(array.getName(), array);
            }
            List<PtNDArray> mine = stateArrays();
            if (saved.size() != mine.size()) {
                throw unfit(folder, saved.size() + " saved tensors for " + mine.size());
            }
            for (PtNDArray array : mine) {
                NDArray from = saved.get(array.getName());
                if (from == null || !from.getShape().equals(array.getShape())) {
                    throw unfit(folder, "no tensor " + array.getName() + " " + array.getShape());
                }
                from.copyTo(array);
            }
        } catch (IOException e) {
            throw DistilleryException.badInput(
                    "checkpoint " + folder + " has an unreadable " + FILE + ": " + e.getMessage(),
                    e);
        }
        log.accept("restored Adam's moments after " + stepsTaken() + " step(s)");
    }

    @Override
    public void close() {
        for (IValue list : state) {
            list.close();
        }
        for (IValue constant : constants) {
            constant.close();
        }
        // Closes the moments and the TorchScript module with it.
        manager.close();
    }

    /** Every parameter's moments and step count, in the order of the parameters. */
    private List<PtNDArray> stateArrays() {
        List<PtNDArray> all = new ArrayList<>();
        for (int i = 0; i < means.size(); i++) {
            all.add(means.get(i));
            all.add(variances.get(i));
            all.add(steps.get(i));
        }
        return all;
    }

    private static NDArray onHost(NDArray array, NDManager scope) {
        if (array.getDevice().equals(Device.cpu())) {
            return array;
        }
        NDArray host = array.toDevice(Device.cpu(), false);
        host.attach(scope);
        host.setName(array.getName());
        return host;
    }

    private PtNDArray zeros(Shape shape, DataType type, String name) {
        NDArray array = manager.zeros(shape, type);
        array.setName(name);
        return (PtNDArray) array;
    }

    private static PtSymbolBlock load(PtNDManager manager) {
        try (InputStream in = FusedAdam.class.getResourceAsStream(MODULE)) {
            if (in == null) {
                throw new IllegalStateException(MODULE + " is missing from the classpath");
            }
            return JniUtils.loadModule(manager, in, true, false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + MODULE, e);
        }
    }

    private static DistilleryException unfit(Path folder, String detail) {
        return DistilleryException.badInput(
                "checkpoint " + folder + ": " + FILE + " does not fit the model (" + detail + ")");
    }
}
