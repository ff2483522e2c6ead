package dev.distillery.steps.report;

import dev.distillery.steps.report.ModelResult.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One student of the spec in the report: its sweep grid of (temperature, alpha) cells over seeds
 * and the cell chosen on mean validation accuracy, by the rule the Distillation's status uses
 * (ties: the lower temperature, then the lower alpha).
 *
 * @param student the student's name: its variants' names without the swept values
 * @param cells every cell of its grid, in the order the variants came
 * @param selected the chosen cell, once every cell has a validation accuracy
 */
record StudentGrid(String student, List<GridCell> cells, Optional<GridCell> selected) {

    private static final Comparator<GridCell> BY_VALIDATION =
            Comparator.comparingDouble((GridCell c) -> -c.validation().orElseThrow().mean())
                    .thenComparingDouble(GridCell::temperature)
                    .thenComparingDouble(GridCell::alpha);

    /**
     * The grids of the distilled students among {@code results}, by student in first-seen order.
     */
    static List<StudentGrid> of(List<ModelResult> results, Map<String, ModelResult> scratchOf) {
        Map<String, Map<List<Double>, List<ModelResult>>> byStudent = new LinkedHashMap<>();
        for (ModelResult result : results) {
            if (result.role() != Role.STUDENT
                    || result.temperature() == null
                    || result.alpha() == null) {
                continue;
            }
            byStudent
                    .computeIfAbsent(studentOf(result), k -> new LinkedHashMap<>())
                    .computeIfAbsent(
                            List.of(result.temperature(), result.alpha()), k -> new ArrayList<>())
                    .add(result);
        }
        List<StudentGrid> grids = new ArrayList<>();
        byStudent.forEach(
                (student, cellsBySetting) -> {
                    List<GridCell> cells =
                            cellsBySetting.values().stream()
                                    .map(variants -> GridCell.of(variants, scratchOf))
                                    .toList();
                    Optional<GridCell> selected =
                            cells.stream().allMatch(GridCell::complete)
                                    ? cells.stream().min(BY_VALIDATION)
                                    : Optional.empty();
                    grids.add(new StudentGrid(student, cells, selected));
                });
        return grids;
    }

    /** The grid's temperatures, ascending. */
    List<Double> temperatures() {
        return List.copyOf(new TreeSet<>(cells.stream().map(GridCell::temperature).toList()));
    }

    /** The grid's alphas, ascending. */
    List<Double> alphas() {
        return List.copyOf(new TreeSet<>(cells.stream().map(GridCell::alpha).toList()));
    }

    /** The cell at {@code temperature} and {@code alpha}, if the grid has it. */
    Optional<GridCell> cell(double temperature, double alpha) {
        return cells.stream()
                .filter(c -> c.temperature() == temperature && c.alpha() == alpha)
                .findFirst();
    }

    /** Whether the variant named {@code variant} belongs to the chosen cell. */
    boolean isSelected(String variant) {
        return selected.map(c -> c.has(variant)).orElse(false);
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
