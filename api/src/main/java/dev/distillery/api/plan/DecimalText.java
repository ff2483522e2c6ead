package dev.distillery.api.plan;

import java.math.BigDecimal;

/**
 * How numbers are spelled in step arguments ({@code 0.001}, {@code 4}) and in names, where only
 * DNS-safe characters may appear ({@code 0p9}, {@code 2p5}).
 */
public final class DecimalText {

    private DecimalText() {}

    /** The shortest plain decimal spelling: {@code 4.0 -> "4"}, {@code 1e-4 -> "0.0001"}. */
    public static String plain(double value) {
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        return decimal.scale() < 0 ? decimal.setScale(0).toPlainString() : decimal.toPlainString();
    }

    /** The plain spelling with {@code p} for the point and {@code m} for a minus sign. */
    public static String dnsSafe(double value) {
        return plain(value).replace('.', 'p').replace('-', 'm');
    }
}
