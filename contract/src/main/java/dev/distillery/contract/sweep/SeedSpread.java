package dev.distillery.contract.sweep;

import java.util.Optional;

/**
 * Whether a distilled student's gain over its scratch twin is more than seed-to-seed noise: the
 * gain (difference of the means over seeds) must exceed the sum of the two sample standard
 * deviations. The status, the {@code distillery run} table and {@code report.html} all ask here.
 */
public final class SeedSpread {

    private SeedSpread() {}

    /**
     * {@code true} when the distilled mean beats the scratch mean by more than both spreads
     * together, {@code false} when it does not, {@code null} when either side has fewer than two
     * seeds (no spread was measured).
     */
    public static Boolean gainExceeds(Optional<Spread> distilled, Optional<Spread> scratch) {
        if (distilled.isEmpty()
                || scratch.isEmpty()
                || distilled.get().std() == null
                || scratch.get().std() == null) {
            return null;
        }
        double gain = distilled.get().mean() - scratch.get().mean();
        return gain > distilled.get().std() + scratch.get().std();
    }
}
