package dev.distillery.api.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses, for each student, the sweep cell (temperature, alpha) with the best validation accuracy
 * averaged over its seeds; the test split is never read to choose. On equal validation accuracy the
 * lower temperature wins, then the lower alpha, so the choice does not depend on plan order.
 */
public final class SweepSelection {

    /** Higher mean validation accuracy first, then lower temperature, then lower alpha. */
    static final Comparator<SweepCell> BY_VALIDATION =
            Comparator.comparingDouble((SweepCell c) -> -c.validation().orElseThrow().mean())
                    .thenComparingDouble(SweepCell::temperature)
                    .thenComparingDouble(SweepCell::alpha);

    private SweepSelection() {}

    /**
     * The sweep cell chosen for each student of {@code students} (variants of a student are grouped
     * by {@code student}, or by their own name when it is absent), with test results over seeds,
     * gain and gap closure against {@code teacherAccuracy}.
     */
    public static List<SelectedStudent> of(
            List<StudentStatus> students, Double teacherAccuracy, Long teacherParameters) {
        List<SelectedStudent> selection = new ArrayList<>();
        SweepSelection.selected(points(students))
                .forEach(
                        (student, cell) -> {
                            Optional<Spread> test = cell.test();
                            Optional<Spread> scratch = cell.scratch();
                            Double mean = test.map(Spread::mean).orElse(null);
                            Double scratchMean = scratch.map(Spread::mean).orElse(null);
                            selection.add(
                                    new SelectedStudent()
                                            .setStudent(student)
                                            .setName(cell.name())
                                            .setModel(model(students, cell))
                                            .setTemperature(cell.temperature())
                                            .setAlpha(cell.alpha())
                                            .setSeeds(cell.points().size())
                                            .setVariants(
                                                    cell.points().stream()
                                                            .map(SweepPoint::name)
                                                            .toList())
                                            .setValidationAccuracy(
                                                    cell.validation().orElseThrow().mean())
                                            .setAccuracyMean(mean)
                                            .setAccuracyStd(test.map(Spread::std).orElse(null))
                                            .setScratchAccuracyMean(scratchMean)
                                            .setScratchAccuracyStd(
                                                    scratch.map(Spread::std).orElse(null))
                                            .setGain(
                                                    mean != null && scratchMean != null
                                                            ? mean - scratchMean
                                                            : null)
                                            .setGapClosure(
                                                    gapClosure(mean, scratchMean, teacherAccuracy))
                                            .setParameters(cell.parameters())
                                            .setCompression(
                                                    StatusRollup.compression(
                                                            teacherParameters, cell.parameters())));
                        });
        return selection;
    }

    private static List<SweepPoint> points(List<StudentStatus> students) {
        List<SweepPoint> points = new ArrayList<>();
        for (StudentStatus s : students) {
            if (s.getTemperature() == null || s.getAlpha() == null) {
                continue; // not laid out from a plan; nothing to choose between
            }
            points.add(
                    new SweepPoint(
                            s.getStudent() != null ? s.getStudent() : s.getName(),
                            s.getName(),
                            s.getTemperature(),
                            s.getAlpha(),
                            s.getSeed(),
                            s.getValidationAccuracy(),
                            s.getAccuracy(),
                            s.getScratchAccuracy(),
                            s.getParameters(),
                            s.getPhase() == StepPhase.SUCCEEDED));
        }
        return points;
    }

    private static String model(List<StudentStatus> students, SweepCell cell) {
        String first = cell.points().get(0).name();
        return students.stream()
                .filter(s -> first.equals(s.getName()))
                .map(StudentStatus::getModel)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

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
        Map<String, List<SweepCell>> byStudent = new LinkedHashMap<>();
        for (SweepCell cell : cells(points)) {
            byStudent.computeIfAbsent(cell.student(), k -> new ArrayList<>()).add(cell);
        }
        Map<String, SweepCell> selected = new LinkedHashMap<>();
        byStudent.forEach(
                (student, cells) -> best(cells).ifPresent(cell -> selected.put(student, cell)));
        return selected;
    }

    /** The cell of {@code cells} with the best validation accuracy, once every cell is complete. */
    public static Optional<SweepCell> best(List<SweepCell> cells) {
        if (cells.isEmpty() || !cells.stream().allMatch(SweepCell::complete)) {
            return Optional.empty();
        }
        return cells.stream().min(BY_VALIDATION);
    }

    /**
     * The share of the teacher's lead over scratch training that distillation closed: {@code
     * (distilled - scratch) / (teacher - scratch)}; {@code null} unless the teacher leads.
     */
    public static Double gapClosure(Double distilled, Double scratch, Double teacher) {
        if (distilled == null || scratch == null || teacher == null || teacher <= scratch) {
            return null;
        }
        return (distilled - scratch) / (teacher - scratch);
    }
}
