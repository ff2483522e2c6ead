package dev.distillery.steps.export;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.distillery.steps.data.ImageShape;
import dev.distillery.steps.model.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model-zoo network written as plain {@code torch.nn}: the Python expression of its layers, laid
 * out exactly as {@link dev.distillery.steps.model.ModelZoo} lays out the DJL blocks (one {@code
 * nn.Sequential} entry per DJL child, so a DJL parameter's path names its torch parameter), and the
 * torch name and shape of every DJL parameter.
 */
public final class TorchNetwork {
    /** DJL's parameter names and PyTorch's, per layer type. */
    private static final Map<String, String> BATCH_NORM =
            Map.of(
                    "gamma", "weight",
                    "beta", "bias",
                    "runningMean", "running_mean",
                    "runningVar", "running_var");

    private final String layers;
    private final List<NetworkLayer> structure;
    private final boolean residual;
    private final Map<String, String> torchNames;
    private final Map<String, long[]> shapes;

    private TorchNetwork(
            String layers,
            List<NetworkLayer> structure,
            boolean residual,
            Map<String, String> torchNames,
            Map<String, long[]> shapes) {
        this.layers = layers;
        this.structure = structure;
        this.residual = residual;
        this.torchNames = torchNames;
        this.shapes = shapes;
    }

    /** The network {@code spec} names for images of {@code input} and {@code classes} classes. */
    public static TorchNetwork of(ModelSpec spec, ImageShape input, int classes) {
        Names names = new Names();
        Sequential top = new Sequential("", "layers.", names);
        switch (spec.family()) {
            case "mlp" -> mlp(top, spec, input, classes);
            case "cnn" -> cnn(top, spec, input, classes);
            case "resnet" -> resnet(top, spec, input, classes);
            default -> throw new IllegalArgumentException("unknown family " + spec.family());
        }
        return new TorchNetwork(
                top.render(""),
                List.copyOf(top.structure),
                spec.family().equals("resnet"),
                names.torch,
                names.shapes);
    }

    /** The {@code nn.Sequential(...)} expression of the layers, its lines indented by 0. */
    public String layers() {
        return layers;
    }

    /** The same layers at inference, for the ONNX export: one walk for both formats. */
    public List<NetworkLayer> structure() {
        return structure;
    }

    /** Whether the layers use the {@code Residual} and {@code GlobalAvgPool} modules. */
    public boolean residual() {
        return residual;
    }

    /**
     * For each parameter of {@code block} (built by ModelZoo from the same spec, shape and
     * classes), its torch name, in {@code block}'s order. A parameter with no torch counterpart, or
     * of another shape, is a bug in this class, and so is a torch parameter DJL lacks.
     */
    public Map<String, String> torchNames(Block block) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            String djl = parameter.getKey();
            String torch = torchNames.get(djl);
            if (torch == null) {
                throw new IllegalStateException("no torch parameter for DJL's " + djl);
            }
            long[] djlShape = parameter.getValue().getArray().getShape().getShape();
            if (!Arrays.equals(djlShape, shapes.get(torch))) {
                throw new IllegalStateException(
                        "DJL's "
                                + djl
                                + " has shape "
                                + Arrays.toString(djlShape)
                                + " but torch's "
                                + torch
                                + " "
                                + Arrays.toString(shapes.get(torch)));
            }
            out.put(djl, torch);
        }
        if (out.size() != torchNames.size()) {
            List<String> missing = new ArrayList<>(torchNames.keySet());
            missing.removeAll(out.keySet());
            throw new IllegalStateException("DJL's block lacks " + missing);
        }
        return out;
    }

    private static void mlp(Sequential net, ModelSpec spec, ImageShape input, int classes) {
        net.add("LambdaBlock", "nn.Flatten()", new NetworkLayer.Flatten());
        int features = input.size();
        for (int hidden : spec.sizes()) {
            net.linear(features, hidden);
            net.add("LambdaBlock", "nn.ReLU()", new NetworkLayer.Relu());
            if (spec.dropout() > 0) {
                net.add("Dropout", "nn.Dropout(p=" + spec.dropout() + ")");
            }
            features = hidden;
        }
        net.linear(features, classes);
    }

    private static void cnn(Sequential net, ModelSpec spec, ImageShape input, int classes) {
        int height = input.height();
        int width = input.width();
        int channels = input.channels();
        for (int filters : spec.sizes()) {
            net.conv(channels, filters, 3, 1);
            net.batchNorm(filters);
            net.add("LambdaBlock", "nn.ReLU()", new NetworkLayer.Relu());
            if (height >= 2 && width >= 2) {
                net.add("LambdaBlock", "nn.MaxPool2d(2)", new NetworkLayer.MaxPool(2));
                height /= 2;
                width /= 2;
            }
            channels = filters;
        }
        net.add("LambdaBlock", "nn.Flatten()", new NetworkLayer.Flatten());
        net.linear(channels * height * width, spec.head());
        net.add("LambdaBlock", "nn.ReLU()", new NetworkLayer.Relu());
        if (spec.dropout() > 0) {
            net.add("Dropout", "nn.Dropout(p=" + spec.dropout() + ")");
        }
        net.linear(spec.head(), classes);
    }

    private static void resnet(Sequential net, ModelSpec spec, ImageShape input, int classes) {
        List<Integer> widths = spec.sizes();
        net.conv(input.channels(), widths.get(0), 3, 1);
        net.batchNorm(widths.get(0));
        net.add("LambdaBlock", "nn.ReLU()", new NetworkLayer.Relu());
        int previous = widths.get(0);
        for (int stage = 0; stage < widths.size(); stage++) {
            int width = widths.get(stage);
            for (int b = 0; b < spec.blocks(); b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                net.residual(previous, width, stride, previous != width || stride != 1);
                previous = width;
            }
        }
        net.add("LambdaBlock", "GlobalAvgPool()", new NetworkLayer.GlobalAvgPool());
        net.linear(previous, classes);
    }

    /** Every parameter's torch name (by DJL name) and shape (by torch name). */
    private static final class Names {
        final Map<String, String> torch = new LinkedHashMap<>();
        final Map<String, long[]> shapes = new LinkedHashMap<>();

        void put(String djlLayer, String torchLayer, String djlName, String torchName, long... s) {
            torch.put(djlLayer + "_" + djlName, torchLayer + torchName);
            shapes.put(torchLayer + torchName, s);
        }
    }

    /**
     * One DJL {@code SequentialBlock} and its {@code nn.Sequential}: child {@code i} (from 1) is
     * DJL's {@code <prefix>%02d<Type>} and torch's {@code <prefix><i - 1>}.
     */
    private static final class Sequential {
        private final String djlPrefix;
        private final String torchPrefix;
        private final Names names;
        private final List<String> items = new ArrayList<>();
        private final List<NetworkLayer> structure = new ArrayList<>();

        Sequential(String djlPrefix, String torchPrefix, Names names) {
            this.djlPrefix = djlPrefix;
            this.torchPrefix = torchPrefix;
            this.names = names;
        }

        /** Adds a child that is no layer at inference (dropout); returns its DJL path. */
        String add(String djlType, String python) {
            items.add(python);
            return djlPrefix + String.format("%02d", items.size()) + djlType;
        }

        /** Adds a child and its layer at inference; returns its DJL path. */
        String add(String djlType, String python, NetworkLayer layer) {
            structure.add(layer);
            return add(djlType, python);
        }

        /** The torch path of the child added last, with a trailing dot. */
        String lastTorch() {
            return torchPrefix + (items.size() - 1) + ".";
        }

        void linear(int in, int out) {
            String djl = add("Linear", "nn.Linear(" + in + ", " + out + ")");
            structure.add(new NetworkLayer.Linear(djl));
            names.put(djl, lastTorch(), "weight", "weight", out, in);
            names.put(djl, lastTorch(), "bias", "bias", out);
        }

        void conv(int in, int out, int kernel, int stride) {
            int padding = kernel / 2;
            String djl =
                    add(
                            "Conv2d",
                            String.format(
                                    "nn.Conv2d(%d, %d, kernel_size=%d, stride=%d, padding=%d)",
                                    in, out, kernel, stride, padding));
            structure.add(new NetworkLayer.Conv(djl, kernel, stride, padding));
            names.put(djl, lastTorch(), "weight", "weight", out, in, kernel, kernel);
            names.put(djl, lastTorch(), "bias", "bias", out);
        }

        void batchNorm(int channels) {
            // DJL's BatchNorm: epsilon 1e-5, running = 0.9 running + 0.1 batch (torch's 0.1).
            String djl = add("BatchNorm", "nn.BatchNorm2d(" + channels + ", eps=1e-05)");
            structure.add(new NetworkLayer.BatchNorm(djl));
            BATCH_NORM.forEach((d, t) -> names.put(djl, lastTorch(), d, t, channels));
        }

        /**
         * ModelZoo's residual block: {@code SequentialBlock(ParallelBlock(main, shortcut), relu)},
         * written as {@code Residual(main, shortcut)}.
         */
        void residual(int in, int out, int stride, boolean project) {
            String djl = djlPrefix + String.format("%02d", items.size() + 1) + "SequentialBlock";
            String torch = torchPrefix + items.size() + ".";
            String parallel = djl + "_01ParallelBlock_";
            Sequential main =
                    new Sequential(parallel + "01SequentialBlock_", torch + "main.", names);
            main.conv(in, out, 3, stride);
            main.batchNorm(out);
            main.add("LambdaBlock", "nn.ReLU()", new NetworkLayer.Relu());
            main.conv(out, out, 3, 1);
            main.batchNorm(out);
            String shortcut = "nn.Identity()";
            List<NetworkLayer> projected = List.of();
            if (project) {
                Sequential projection =
                        new Sequential(parallel + "02SequentialBlock_", torch + "shortcut.", names);
                projection.conv(in, out, 1, stride);
                projection.batchNorm(out);
                shortcut = projection.render("");
                projected = List.copyOf(projection.structure);
            }
            structure.add(new NetworkLayer.Residual(List.copyOf(main.structure), projected));
            items.add("Residual(\n" + indent(main.render("") + ",\n" + shortcut, "    ") + ",\n)");
        }

        String render(String margin) {
            StringBuilder out = new StringBuilder("nn.Sequential(\n");
            for (String item : items) {
                out.append(indent(item, "    ")).append(",\n");
            }
            return indent(out.append(")").toString(), margin);
        }
    }

    private static String indent(String text, String margin) {
        return margin + text.replace("\n", "\n" + margin);
    }
}
