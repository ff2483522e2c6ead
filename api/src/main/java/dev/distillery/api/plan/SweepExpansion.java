package dev.distillery.api.plan;

import dev.distillery.api.spec.DistillationSpec;
import dev.distillery.api.spec.Mode;
import dev.distillery.api.spec.StudentSpec;
import dev.distillery.api.spec.SweepSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Expands every student by the sweep grids into named variants: {@code small} with temperatures 2
 * and 4 becomes {@code small-t2} and {@code small-t4}; a name carries only the swept values.
 */
public final class SweepExpansion {

    private SweepExpansion() {}

    /** The variants of {@code spec}, student by student, in grid order. */
    public static List<StudentVariant> expand(DistillationSpec spec) {
        SweepSpec sweep = spec.sweep();
        List<StudentVariant> variants = new ArrayList<>();
        for (StudentSpec student : spec.students()) {
            if (student == null || student.name() == null) {
                continue; // reported by Validation; a valid spec has neither
            }
            if (spec.mode() == Mode.ONLINE) {
                variants.add(online(spec, student));
                continue;
            }
            for (Double temperature : grid(sweep.temperature(), student.temperature())) {
                for (Double alpha : grid(sweep.alpha(), student.alpha())) {
                    for (Long seed : grid(sweep.seed(), student.training().seed())) {
                        variants.add(variant(student, sweep, temperature, alpha, seed));
                    }
                }
            }
        }
        return List.copyOf(variants);
    }

    /** The number of variants {@code spec} expands to, without building them. */
    public static long count(DistillationSpec spec) {
        SweepSpec sweep = spec.sweep();
        return (long) spec.students().size()
                * size(sweep.temperature())
                * size(sweep.alpha())
                * size(sweep.seed());
    }

    /**
     * A student of an online group: trained once, with the group's mutual-term temperature and
     * alpha and the teacher's training settings (which its scratch twin, if any, shares).
     */
    private static StudentVariant online(DistillationSpec spec, StudentSpec student) {
        return new StudentVariant(
                student.name(),
                student.name(),
                student.model(),
                spec.online().temperature(),
                spec.online().alpha(),
                spec.teacher().training());
    }

    private static StudentVariant variant(
            StudentSpec student, SweepSpec sweep, double temperature, double alpha, long seed) {
        StringBuilder name = new StringBuilder(student.name());
        if (sweep.temperature() != null) {
            name.append("-t").append(DecimalText.dnsSafe(temperature));
        }
        if (sweep.alpha() != null) {
            name.append("-a").append(DecimalText.dnsSafe(alpha));
        }
        if (sweep.seed() != null) {
            name.append("-s").append(seed);
        }
        return new StudentVariant(
                name.toString(),
                student.name(),
                student.model(),
                temperature,
                alpha,
                student.training().withSeed(seed));
    }

    private static <T> List<T> grid(List<T> values, T own) {
        if (values == null) {
            return List.of(own);
        }
        List<T> present = new ArrayList<>(values);
        present.removeAll(Collections.singleton(null));
        return present;
    }

    private static int size(List<?> grid) {
        return grid == null ? 1 : grid.size();
    }
}
