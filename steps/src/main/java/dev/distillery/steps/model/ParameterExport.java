package dev.distillery.steps.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.distillery.contract.DistilleryException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a network's parameters for programs outside DJL: {@code model.safetensors} or {@code
 * model.npz}, one array per parameter, named by its DJL path (the keys of {@code
 * block.getParameters()}, for example {@code 02Linear_weight}).
 */
public final class ParameterExport {

    private ParameterExport() {}

    /** The file name of an export in {@code format}: {@code safetensors} or {@code npz}. */
    public static String fileName(String format) {
        return "model." + encoding(format).name().toLowerCase(Locale.ROOT);
    }

    /** Writes every initialized parameter of {@code block} into {@code folder}. */
    public static Path write(Block block, String format, Path folder) {
        NDList.Encoding encoding = encoding(format);
        Path file = folder.resolve(fileName(format));
        NDManager owner = null;
        // Named copies live in their own manager, so the block's own arrays keep their names.
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            if (parameter.getValue().isInitialized()) {
                owner = parameter.getValue().getArray().getManager();
                break;
            }
        }
        if (owner == null) {
            throw new IllegalStateException("the block has no initialized parameters");
        }
        try (NDManager copies = owner.newSubManager()) {
            NDList arrays = new NDList();
            for (Pair<String, Parameter> parameter : block.getParameters()) {
                if (parameter.getValue().isInitialized()) {
                    NDArray copy = parameter.getValue().getArray().duplicate();
                    copy.attach(copies);
                    copy.setName(parameter.getKey());
                    arrays.add(copy);
                }
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                arrays.encode(out, encoding);
            }
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    private static NDList.Encoding encoding(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "safetensors" -> NDList.Encoding.SAFETENSORS;
            case "npz" -> NDList.Encoding.NPZ;
            default ->
                    throw DistilleryException.badInput(
                            "--export must be safetensors or npz, got '" + format + "'");
        };
    }
}
