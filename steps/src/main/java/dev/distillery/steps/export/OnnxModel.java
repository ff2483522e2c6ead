package dev.distillery.steps.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model-zoo network at inference written as an ONNX model, in Java: its layers ({@link
 * TorchNetwork#structure()}) become ONNX operators of opset 17 (Gemm, Conv, BatchNormalization,
 * Relu, MaxPool, GlobalAveragePool, Add, Flatten) and its parameters their initializers, float32.
 * The graph takes {@code input} (batch x channels x height x width, normalized as the model's
 * {@code normalization} says; the batch axis is dynamic) and gives {@code logits}. The messages are
 * those of onnx.proto, written by field number ({@link ProtoMessage}).
 */
final class OnnxModel {
    static final String INPUT = "input";
    static final String OUTPUT = "logits";
    static final int OPSET = 17;

    /** ONNX IR version 8: opsets up to 17 (ONNX 1.12). */
    static final long IR_VERSION = 8;

    /** onnx.proto's TensorProto.DataType.FLOAT and AttributeProto.AttributeType values. */
    private static final int FLOAT = 1;

    private static final int ATTRIBUTE_FLOAT = 1;
    private static final int ATTRIBUTE_INT = 2;
    private static final int ATTRIBUTE_INTS = 7;

    /**
     * A parameter: its shape and values, row-major.
     *
     * @param shape the dimensions
     * @param values the values
     */
    record Tensor(long[] shape, float[] values) {}

    private final Map<String, Tensor> parameters;
    private final Set<String> used = new LinkedHashSet<>();
    private final List<ProtoMessage> nodes = new ArrayList<>();
    private int values;

    private OnnxModel(Map<String, Tensor> parameters) {
        this.parameters = parameters;
    }

    /**
     * The ONNX model of {@code structure} with {@code parameters} (by DJL name) for images of
     * {@code channels} x {@code height} x {@code width} and {@code classes} classes. Every
     * parameter must be used, and every one used must be given.
     */
    static byte[] write(
            List<NetworkLayer> structure,
            Map<String, Tensor> parameters,
            int channels,
            int height,
            int width,
            int classes) {
        OnnxModel model = new OnnxModel(parameters);
        String last = model.layers(structure, INPUT);
        model.nodes.add(node("Identity", List.of(last), OUTPUT, List.of()));
        if (!model.used.equals(parameters.keySet())) {
            Set<String> unused = new LinkedHashSet<>(parameters.keySet());
            unused.removeAll(model.used);
            throw new IllegalStateException("parameters the ONNX graph does not use: " + unused);
        }
        ProtoMessage graph = new ProtoMessage();
        model.nodes.forEach(n -> graph.message(1, n));
        graph.string(2, "distillery-student");
        for (String name : model.used) {
            Tensor tensor = parameters.get(name);
            graph.message(5, tensor(name, tensor));
        }
        graph.message(11, valueInfo(INPUT, channels, height, width));
        graph.message(12, valueInfo(OUTPUT, classes));
        return new ProtoMessage()
                .int64(1, IR_VERSION)
                .string(2, "distillery-step export")
                .message(7, graph)
                .message(8, new ProtoMessage().string(1, "").int64(2, OPSET))
                .toByteArray();
    }

    /** Adds the nodes of {@code layers} applied to value {@code x}; returns the last value. */
    private String layers(List<NetworkLayer> layers, String x) {
        for (NetworkLayer layer : layers) {
            x = layer(layer, x);
        }
        return x;
    }

    private String layer(NetworkLayer layer, String x) {
        if (layer instanceof NetworkLayer.Flatten) {
            return add("Flatten", List.of(x), List.of(intAttribute("axis", 1)));
        } else if (layer instanceof NetworkLayer.Linear linear) {
            String block = linear.block();
            return add(
                    "Gemm",
                    List.of(x, parameter(block + "_weight"), parameter(block + "_bias")),
                    List.of(intAttribute("transB", 1)));
        } else if (layer instanceof NetworkLayer.Relu) {
            return add("Relu", List.of(x), List.of());
        } else if (layer instanceof NetworkLayer.Conv conv) {
            String block = conv.block();
            int k = conv.kernel();
            int s = conv.stride();
            int p = conv.padding();
            return add(
                    "Conv",
                    List.of(x, parameter(block + "_weight"), parameter(block + "_bias")),
                    List.of(
                            intsAttribute("kernel_shape", k, k),
                            intsAttribute("strides", s, s),
                            intsAttribute("pads", p, p, p, p)));
        } else if (layer instanceof NetworkLayer.BatchNorm norm) {
            String block = norm.block();
            return add(
                    "BatchNormalization",
                    List.of(
                            x,
                            parameter(block + "_gamma"),
                            parameter(block + "_beta"),
                            parameter(block + "_runningMean"),
                            parameter(block + "_runningVar")),
                    List.of(floatAttribute("epsilon", 1e-5f)));
        } else if (layer instanceof NetworkLayer.MaxPool pool) {
            int size = pool.size();
            return add(
                    "MaxPool",
                    List.of(x),
                    List.of(
                            intsAttribute("kernel_shape", size, size),
                            intsAttribute("strides", size, size)));
        } else if (layer instanceof NetworkLayer.GlobalAvgPool) {
            String pooled = add("GlobalAveragePool", List.of(x), List.of());
            return add("Flatten", List.of(pooled), List.of(intAttribute("axis", 1)));
        } else if (layer instanceof NetworkLayer.Residual residual) {
            String main = layers(residual.main(), x);
            String shortcut = residual.shortcut().isEmpty() ? x : layers(residual.shortcut(), x);
            return add("Relu", List.of(add("Add", List.of(main, shortcut), List.of())), List.of());
        }
        throw new IllegalArgumentException("no ONNX operator for " + layer);
    }

    /** Adds a node of {@code op} on {@code inputs}; returns the name of its one output. */
    private String add(String op, List<String> inputs, List<ProtoMessage> attributes) {
        String output = "v" + values++;
        nodes.add(node(op, inputs, output, attributes));
        return output;
    }

    private String parameter(String name) {
        if (!parameters.containsKey(name)) {
            throw new IllegalStateException("the network has no parameter " + name);
        }
        used.add(name);
        return name;
    }

    private static ProtoMessage node(
            String op, List<String> inputs, String output, List<ProtoMessage> attributes) {
        ProtoMessage node = new ProtoMessage();
        inputs.forEach(input -> node.string(1, input));
        node.string(2, output).string(3, op + "_" + output).string(4, op);
        attributes.forEach(attribute -> node.message(5, attribute));
        return node;
    }

    private static ProtoMessage intAttribute(String name, long value) {
        return new ProtoMessage().string(1, name).int64(3, value).int32(20, ATTRIBUTE_INT);
    }

    private static ProtoMessage floatAttribute(String name, float value) {
        return new ProtoMessage().string(1, name).float32(2, value).int32(20, ATTRIBUTE_FLOAT);
    }

    private static ProtoMessage intsAttribute(String name, long... values) {
        ProtoMessage attribute = new ProtoMessage().string(1, name);
        Arrays.stream(values).forEach(v -> attribute.int64(8, v));
        return attribute.int32(20, ATTRIBUTE_INTS);
    }

    private static ProtoMessage tensor(String name, Tensor tensor) {
        ProtoMessage message = new ProtoMessage();
        Arrays.stream(tensor.shape()).forEach(d -> message.int64(1, d));
        ByteBuffer raw = ByteBuffer.allocate(4 * tensor.values().length);
        raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(tensor.values());
        return message.int32(2, FLOAT).string(8, name).bytes(9, raw.array());
    }

    /** A float tensor's name and shape: the symbolic axis {@code batch}, then {@code dims}. */
    private static ProtoMessage valueInfo(String name, long... dims) {
        ProtoMessage shape = new ProtoMessage().message(1, new ProtoMessage().string(2, "batch"));
        Arrays.stream(dims).forEach(d -> shape.message(1, new ProtoMessage().int64(1, d)));
        ProtoMessage tensorType = new ProtoMessage().int32(1, FLOAT).message(2, shape);
        return new ProtoMessage()
                .string(1, name)
                .message(2, new ProtoMessage().message(1, tensorType));
    }
}
