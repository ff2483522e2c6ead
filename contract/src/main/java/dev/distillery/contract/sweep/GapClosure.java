package dev.distillery.contract.sweep;

import java.util.List;
import java.util.Objects;

/**
 * The share of the teacher's lead over scratch training that distillation closed, always measured
 * against the one teacher accuracy of {@link #teacherAccuracy}: the status, the {@code distillery
 * run} table and {@code report.html} all compute it here, so they print the same numbers.
 */
public final class GapClosure {

    private GapClosure() {}

    /**
     * The accuracy of the teacher the students learned from: the combined ensemble's own when it
     * was measured ({@code ensemble}, scored by the soft-labels step), otherwise the mean of the
     * members' accuracies (a single member's own); {@code null} when nothing was measured.
     */
    public static Double teacherAccuracy(List<Double> members, Double ensemble) {
        if (ensemble != null) {
            return ensemble;
        }
        return members.stream()
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .average()
                .stream()
                .boxed()
                .findFirst()
                .orElse(null);
    }

    /**
     * {@code (distilled - scratch) / (teacher - scratch)}, with {@code teacher} from {@link
     * #teacherAccuracy}; {@code null} unless the teacher leads.
     */
    public static Double of(Double distilled, Double scratch, Double teacher) {
        if (distilled == null || scratch == null || teacher == null || teacher <= scratch) {
            return null;
        }
        return (distilled - scratch) / (teacher - scratch);
    }
}
