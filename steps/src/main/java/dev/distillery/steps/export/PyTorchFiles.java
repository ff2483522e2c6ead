package dev.distillery.steps.export;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.steps.model.ModelDescription;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained student as PyTorch users take it: {@code model.py} (the network in plain {@code
 * torch.nn}, with its input shape, class names and normalization) and {@code model.safetensors}
 * (its parameters, under torch's names).
 */
public final class PyTorchFiles {
    /** The generated module. */
    public static final String MODULE = "model.py";

    /** The parameters. */
    public static final String WEIGHTS = "model.safetensors";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PyTorchFiles() {}

    /**
     * Writes both files for {@code block} (loaded from {@code description}) into {@code folder}.
     */
    public static void write(ModelDescription description, Block block, Path folder)
            throws IOException {
        TorchNetwork network =
                TorchNetwork.of(
                        description.modelSpec(), description.shape(), description.classes());
        Map<String, String> names = network.torchNames(block);
        List<SafeTensors.Tensor> tensors = new ArrayList<>();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            var array = parameter.getValue().getArray();
            tensors.add(
                    new SafeTensors.Tensor(
                            names.get(parameter.getKey()),
                            array.getShape().getShape(),
                            array.toFloatArray()));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("spec", description.spec());
        metadata.put("producer", "distillery-step export");
        SafeTensors.write(folder.resolve(WEIGHTS), tensors, metadata);
        Files.writeString(folder.resolve(MODULE), source(description, network));
    }

    /** The text of {@code model.py}. */
    static String source(ModelDescription description, TorchNetwork network) {
        int[] shape = description.inputShape();
        var normalization = description.normalization();
        return resource("model.py.template")
                .replace("{{MODULES}}", network.residual() ? resource("residual.py.template") : "")
                .replace("{{LAYERS}}", network.layers().replace("\n", "\n        "))
                .replace("{{SPEC_LITERAL}}", json(description.spec()))
                .replace("{{SPEC}}", description.spec())
                .replace("{{SHAPE}}", description.shape().toString())
                .replace(
                        "{{INPUT_SHAPE}}", "(" + shape[0] + ", " + shape[1] + ", " + shape[2] + ")")
                .replace("{{CHANNELS}}", String.valueOf(shape[0]))
                .replace("{{HEIGHT}}", String.valueOf(shape[1]))
                .replace("{{WIDTH}}", String.valueOf(shape[2]))
                .replace("{{CLASSES}}", String.valueOf(description.classes()))
                .replace("{{CLASS_NAMES}}", json(description.classNames()))
                .replace("{{MEAN}}", json(normalization.mean()))
                .replace("{{STD}}", json(normalization.std()));
    }

    static String resource(String name) {
        try (InputStream in = PyTorchFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
