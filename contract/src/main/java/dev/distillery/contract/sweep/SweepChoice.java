package dev.distillery.contract.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one rule that chooses a student's sweep cell, shared by the Distillation's status and the
 * report so both always name the same winner: the (temperature, alpha) cell with the best
 * validation accuracy averaged over its seeds; the test split is never read to choose. On equal
 * validation accuracy the lower temperature wins, then the lower alpha, so the choice does not
 * depend on plan order. No choice is made until every cell of the student's grid has trained.
 */
public final class SweepChoice {

    /** Higher mean validation accuracy first, then lower temperature, then lower alpha. */
    static final Comparator<SweepCell> BY_VALIDATION =
            Comparator.comparingDouble((SweepCell c) -> -c.validation().orElseThrow().mean())
                    .thenComparingDouble(SweepCell::temperature)
                    .thenComparingDouble(SweepCell::alpha);

    private SweepChoice() {}

    /**
     * The cells of {@code points}, grouped by student, temperature and alpha, in first-seen order.
     */
    public static List<SweepCell> cells(List<SweepPoint> points) {
        Map<List<Object>, List<SweepPoint>> groups = new LinkedHashMap<>();
        for (SweepPoint point : points) {
            groups.computeIfAbsent(
                            List.of(point.student(), point.temperature(), point.alpha()),
                            k -> new ArrayList<>())
                    .add(point);
        }
        List<SweepCell> cells = new ArrayList<>();
        groups.forEach(
                (key, members) ->
                        cells.add(
                                new SweepCell(
                                        members.get(0).student(),
                                        members.get(0).temperature(),
                                        members.get(0).alpha(),
                                        members)));
        return cells;
    }

    /**
     * The selected cell of every student whose whole grid has trained (every cell, every seed), by
     * student in first-seen order: a choice among part of a grid could change, so none is made.
     */
    public static Map<String, SweepCell> selected(List<SweepPoint> points) {
        Map<String, SweepCell> selected = new LinkedHashMap<>();
        byStudent(points)
                .forEach(
                        (student, cells) ->
                                best(cells).ifPresent(cell -> selected.put(student, cell)));
        return selected;
    }

    /** Every student's cells, by student in first-seen order. */
    public static Map<String, List<SweepCell>> byStudent(List<SweepPoint> points) {
        Map<String, List<SweepCell>> byStudent = new LinkedHashMap<>();
        for (SweepCell cell : cells(points)) {
            byStudent.computeIfAbsent(cell.student(), k -> new ArrayList<>()).add(cell);
        }
        return byStudent;
    }

    /** The cell of {@code cells} with the best validation accuracy, once every cell is complete. */
    public static Optional<SweepCell> best(List<SweepCell> cells) {
        if (cells.isEmpty() || !cells.stream().allMatch(SweepCell::complete)) {
            return Optional.empty();
        }
        return cells.stream().min(BY_VALIDATION);
    }
}
