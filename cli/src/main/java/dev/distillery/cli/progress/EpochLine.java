package dev.distillery.cli.progress;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One epoch as a {@code train} step reports it on stderr: {@code epoch 3: loss 0.4123, train
 * accuracy 0.8511, validation accuracy 0.8600, 3120 samples/s}.
 *
 * @param epoch the epoch that finished, from 1
 * @param loss its mean training loss
 * @param validationAccuracy held-out accuracy after it (NaN when not measured)
 * @param samplesPerSecond its training throughput
 */
public record EpochLine(
        int epoch, double loss, double validationAccuracy, double samplesPerSecond) {

    private static final Pattern LINE =
            Pattern.compile(
                    "^epoch (\\d+): loss (\\S+), train accuracy \\S+, validation accuracy (\\S+),"
                            + " (\\S+) samples/s");

    /** The epoch reported by {@code line}, if it is an epoch line. */
    public static Optional<EpochLine> parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new EpochLine(
                            Integer.parseInt(m.group(1)),
                            number(m.group(2)),
                            number(m.group(3)),
                            number(m.group(4))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static double number(String text) {
        return text.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(text);
    }
}
