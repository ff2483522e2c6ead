package dev.distillery.steps.report;

import dev.distillery.contract.sweep.SweepCell;
import dev.distillery.contract.sweep.SweepChoice;
import dev.distillery.contract.sweep.SweepPoint;
import dev.distillery.steps.report.ModelResult.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One student of the spec in the report: its sweep grid of (temperature, alpha) cells over seeds
 * and the cell chosen by {@link SweepChoice}, the rule the Distillation's status uses too.
 *
 * @param student the student's name: its variants' names without the swept values
 * @param cells every cell of its grid, in the order the variants came
 * @param selected the chosen cell, once every cell has a validation accuracy
 * @param variants the distilled variants of the grid, by name
 */
record StudentGrid(
        String student,
        List<SweepCell> cells,
        Optional<SweepCell> selected,
        Map<String, ModelResult> variants) {

    /**
     * The grids of the distilled students among {@code results}, by student in first-seen order.
     */
    static List<StudentGrid> of(List<ModelResult> results, Map<String, ModelResult> scratchOf) {
        List<SweepPoint> points = new ArrayList<>();
        Map<String, ModelResult> variants = new LinkedHashMap<>();
        for (ModelResult result : results) {
            if (result.role() != Role.STUDENT
                    || result.temperature() == null
                    || result.alpha() == null) {
                continue;
            }
            ModelResult scratch = scratchOf.get(result.name());
            points.add(
                    new SweepPoint(
                            studentOf(result),
                            result.name(),
                            result.temperature(),
                            result.alpha(),
                            result.seed(),
                            result.validationAccuracy(),
                            result.accuracy(),
                            scratch != null ? scratch.accuracy() : null,
                            result.parameters(),
                            true));
            variants.put(result.name(), result);
        }
        List<StudentGrid> grids = new ArrayList<>();
        SweepChoice.byStudent(points)
                .forEach(
                        (student, cells) ->
                                grids.add(
                                        new StudentGrid(
                                                student,
                                                cells,
                                                SweepChoice.best(cells),
                                                variants)));
        return grids;
    }

    /** The grid's temperatures, ascending. */
    List<Double> temperatures() {
        return List.copyOf(new TreeSet<>(cells.stream().map(SweepCell::temperature).toList()));
    }

    /** The grid's alphas, ascending. */
    List<Double> alphas() {
        return List.copyOf(new TreeSet<>(cells.stream().map(SweepCell::alpha).toList()));
    }

    /** The cell at {@code temperature} and {@code alpha}, if the grid has it. */
    Optional<SweepCell> cell(double temperature, double alpha) {
        return cells.stream()
                .filter(c -> c.temperature() == temperature && c.alpha() == alpha)
                .findFirst();
    }

    /** The first variant (seed) of {@code cell}, for its model spec and settings. */
    ModelResult firstVariant(SweepCell cell) {
        return variants.get(cell.points().get(0).name());
    }

    /**
     * The variant to deploy: of the chosen cell's seeds, the one with the best validation accuracy
     * (the first on a tie), so the test split chooses nothing.
     */
    Optional<ModelResult> shipped() {
        return selected.flatMap(
                cell ->
                        cell.points().stream()
                                .filter(p -> p.validationAccuracy() != null)
                                .reduce(
                                        (best, p) ->
                                                p.validationAccuracy() > best.validationAccuracy()
                                                        ? p
                                                        : best)
                                .map(p -> variants.get(p.name())));
    }

    /** Whether the variant named {@code variant} belongs to the chosen cell. */
    boolean isSelected(String variant) {
        return selected.map(c -> c.has(variant)).orElse(false);
    }

    /** Whether the variant named {@code variant} is in one of {@code grids} with a chosen cell. */
    static boolean inChosenGrid(String variant, List<StudentGrid> grids) {
        return grids.stream().anyMatch(g -> g.selected().isPresent() && g.has(variant));
    }

    /** Whether the variant named {@code variant} is in this grid. */
    boolean has(String variant) {
        return cells.stream().anyMatch(c -> c.has(variant));
    }

    /**
     * The student a variant expands: its name without the {@code -s<seed>}, {@code -a<alpha>} and
     * {@code -t<temperature>} suffixes a sweep appends (only those spelling its own values).
     */
    static String studentOf(ModelResult variant) {
        String name = variant.name();
        if (variant.seed() != null) {
            name = strip(name, "-s" + variant.seed());
        }
        if (variant.alpha() != null) {
            name = strip(name, "-a" + dnsSafe(variant.alpha()));
        }
        if (variant.temperature() != null) {
            name = strip(name, "-t" + dnsSafe(variant.temperature()));
        }
        return name;
    }

    /** The spelling the planner gives swept values in names: {@code 0.5 -> 0p5}. */
    private static String dnsSafe(double value) {
        return ReportPage.plain(value).replace('.', 'p').replace('-', 'm');
    }

    private static String strip(String name, String suffix) {
        return name.endsWith(suffix) && name.length() > suffix.length()
                ? name.substring(0, name.length() - suffix.length())
                : name;
    }
}
