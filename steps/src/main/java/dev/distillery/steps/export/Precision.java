package dev.distillery.steps.export;

import dev.distillery.contract.DistilleryException;
import java.util.Arrays;
import java.util.Locale;

/** The numbers an exported student computes with. */
public enum Precision {
    /** The trained weights as they are. */
    FLOAT32("float32"),
    /**
     * PyTorch's dynamic quantization ({@code torch.ao.quantization.quantize_dynamic(model,
     * {nn.Linear}, dtype=torch.qint8)}): int8 weights, per tensor and symmetric, for the linear
     * layers; activations quantized per batch as they run; convolutions stay float. TorchScript
     * only.
     */
    INT8("int8");

    private final String label;

    Precision(String label) {
        this.label = label;
    }

    /** The precision as flags, files and reports spell it. */
    public String label() {
        return label;
    }

    /**
     * The precision spelled {@code text} ({@code --quantize}'s value); anything else is bad input.
     */
    public static Precision of(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("none")) {
            return FLOAT32;
        }
        return Arrays.stream(values())
                .filter(p -> p.label.equals(lower))
                .findFirst()
                .orElseThrow(
                        () ->
                                DistilleryException.badInput(
                                        "--quantize must be none or int8, got '" + text + "'"));
    }
}
