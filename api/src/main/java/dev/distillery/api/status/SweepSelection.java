package dev.distillery.api.status;

import dev.distillery.contract.sweep.GapClosure;
import dev.distillery.contract.sweep.SeedSpread;
import dev.distillery.contract.sweep.Spread;
import dev.distillery.contract.sweep.SweepCell;
import dev.distillery.contract.sweep.SweepChoice;
import dev.distillery.contract.sweep.SweepPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The status's view of sweep selection: turns the students' statuses into sweep points, lets {@link
 * SweepChoice} (the rule the report shares) choose each student's cell, and records the choice with
 * its test results over seeds, gain and gap closure.
 */
public final class SweepSelection {

    private SweepSelection() {}

    /**
     * The sweep cell chosen for each student of {@code students} (variants of a student are grouped
     * by {@code student}, or by their own name when it is absent), with test results over seeds,
     * gain and gap closure against {@code teacherAccuracy}.
     */
    public static List<SelectedStudent> of(
            List<StudentStatus> students, Double teacherAccuracy, Long teacherParameters) {
        List<SelectedStudent> selection = new ArrayList<>();
        SweepChoice.selected(points(students))
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
                                            .setGainExceedsSpread(
                                                    SeedSpread.gainExceeds(test, scratch))
                                            .setGapClosure(
                                                    GapClosure.of(
                                                            mean, scratchMean, teacherAccuracy))
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
}
