package dev.distillery.steps.model;

import dev.distillery.contract.DistilleryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A network named by a spec string {@code family:size,size[;option=value...]}: {@code
 * mlp:1200,1200;dropout=0.5} (hidden sizes), {@code cnn:32,64;head=128} (conv channels, dense
 * head), {@code resnet:16,32,64;blocks=2} (stage widths, residual blocks per stage).
 *
 * @param family {@code mlp}, {@code cnn} or {@code resnet}
 * @param sizes the layer sizes
 * @param dropout dropout probability before each dense layer after the first, 0 for none
 * @param head width of the dense layer of a cnn head
 * @param blocks residual blocks per resnet stage
 */
public record ModelSpec(String family, List<Integer> sizes, double dropout, int head, int blocks) {

    /** The families this zoo knows, with an example each, for error messages and help. */
    public static final String KNOWN =
            "mlp:<hidden sizes>[;dropout=P] (e.g. mlp:1200,1200;dropout=0.5), "
                    + "cnn:<conv channels>[;head=N;dropout=P] (e.g. cnn:32,64), "
                    + "resnet:<stage widths>[;blocks=N] (e.g. resnet:16,32,64)";

    /** Parses a spec string; anything else is bad input naming the spec and listing the zoo. */
    public static ModelSpec parse(String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        String[] parts = trimmed.split(";");
        int colon = parts[0].indexOf(':');
        if (colon < 0) {
            throw unknown(text, "no sizes");
        }
        String family = parts[0].substring(0, colon);
        if (!List.of("mlp", "cnn", "resnet").contains(family)) {
            throw unknown(text, "unknown family '" + family + "'");
        }
        List<Integer> sizes = new ArrayList<>();
        for (String size : parts[0].substring(colon + 1).split(",")) {
            sizes.add(positive(text, "size", size));
        }
        double dropout = 0;
        int head = 128;
        int blocks = 2;
        for (int i = 1; i < parts.length; i++) {
            String[] option = parts[i].split("=", 2);
            if (option.length != 2) {
                throw unknown(text, "option '" + parts[i] + "' is not name=value");
            }
            switch (option[0].trim()) {
                case "dropout" -> dropout = probability(text, option[1]);
                case "head" -> head = positive(text, "head", option[1]);
                case "blocks" -> blocks = positive(text, "blocks", option[1]);
                default -> throw unknown(text, "unknown option '" + option[0] + "'");
            }
        }
        return new ModelSpec(family, List.copyOf(sizes), dropout, head, blocks);
    }

    /** The canonical spec string, which {@link #parse} reads back to an equal spec. */
    public String text() {
        StringBuilder out = new StringBuilder(family).append(':');
        for (int i = 0; i < sizes.size(); i++) {
            out.append(i == 0 ? "" : ",").append(sizes.get(i));
        }
        if (dropout > 0) {
            out.append(";dropout=").append(dropout);
        }
        if (family.equals("cnn") && head != 128) {
            out.append(";head=").append(head);
        }
        if (family.equals("resnet") && blocks != 2) {
            out.append(";blocks=").append(blocks);
        }
        return out.toString();
    }

    private static int positive(String spec, String what, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw unknown(spec, what + " '" + value.trim() + "' is not a positive integer");
    }

    private static double probability(String spec, String value) {
        try {
            double p = Double.parseDouble(value.trim());
            if (p >= 0 && p < 1) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw unknown(spec, "dropout '" + value.trim() + "' is not in [0,1)");
    }

    private static DistilleryException unknown(String spec, String why) {
        return DistilleryException.badInput(
                "invalid model spec '" + spec + "' (" + why + "); known: " + KNOWN);
    }
}
