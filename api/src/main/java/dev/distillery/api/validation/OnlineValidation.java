package dev.distillery.api.validation;

import dev.distillery.api.spec.DistillationSpec;
import dev.distillery.api.spec.EnsembleCombine;
import dev.distillery.api.spec.Mode;
import dev.distillery.api.spec.OnlineSpec;
import dev.distillery.api.spec.Precision;
import dev.distillery.api.spec.SoftLabelsSpec;
import dev.distillery.api.spec.StudentSpec;
import dev.distillery.api.spec.TeacherSpec;
import dev.distillery.api.spec.TrainingSpec;
import java.util.List;

/**
 * Checks a spec of {@code mode: online}: one teacher model and at most {@value
 * DistillationSpec#MAX_ONLINE_STUDENTS} students trained together with the teacher's training
 * settings, and none of the offline-only fields (sweeps, soft-label storage, ensembles; hints are
 * refused by the students' own rules).
 */
final class OnlineValidation {

    private OnlineValidation() {}

    static void online(DistillationSpec spec, Problems problems) {
        OnlineSpec online = spec.online();
        if (spec.mode() != Mode.ONLINE) {
            return;
        }
        teacher(spec.teacher(), problems);
        if (spec.sweep().temperature() != null
                || spec.sweep().alpha() != null
                || spec.sweep().seed() != null) {
            problems.add(
                    "spec.sweep",
                    "mode online trains each student once in one group: sweeps need mode offline");
        }
        students(spec.students(), problems);
        softLabels(spec.softLabels(), problems);
        if (!(online.temperature() > 0 && online.temperature() <= 100)) {
            problems.add(
                    "spec.online.temperature", "must be in (0, 100], not " + online.temperature());
        }
        if (!(online.alpha() >= 0 && online.alpha() <= 1)) {
            problems.add("spec.online.alpha", "must be between 0 and 1, not " + online.alpha());
        }
        if (spec.teacher() != null && spec.teacher().training() != null) {
            int epochs = spec.teacher().training().epochs();
            if (online.teacherWarmupEpochs() < 0 || online.teacherWarmupEpochs() >= epochs) {
                problems.add(
                        "spec.online.teacherWarmupEpochs",
                        "must be at least 0 and fewer than teacher.training.epochs ("
                                + epochs
                                + "), not "
                                + online.teacherWarmupEpochs());
            }
        }
    }

    private static void teacher(TeacherSpec teacher, Problems problems) {
        if (teacher == null) {
            return;
        }
        if (teacher.model() == null || (teacher.ensemble() != null && teacher.ensemble() > 1)) {
            problems.add(
                    "spec.teacher",
                    "mode online trains one teacher.model together with the students: ensembles,"
                            + " members and pretrained teachers need mode offline");
        }
        if (teacher.training() != null && teacher.training().earlyStopping() > 0) {
            problems.add(
                    "spec.teacher.training.earlyStopping",
                    "applies to mode offline: an online group trains every epoch");
        }
    }

    private static void students(List<StudentSpec> students, Problems problems) {
        if (students.size() > DistillationSpec.MAX_ONLINE_STUDENTS) {
            problems.add(
                    "spec.students",
                    "mode online trains at most "
                            + DistillationSpec.MAX_ONLINE_STUDENTS
                            + " students in its one group, not "
                            + students.size());
        }
        for (int i = 0; i < students.size(); i++) {
            StudentSpec student = students.get(i);
            if (student == null) {
                continue;
            }
            if (!TrainingSpec.DEFAULTS.equals(student.training())) {
                problems.add(
                        "spec.students[" + i + "].training",
                        "mode online trains the whole group with teacher.training: remove it");
            }
        }
    }

    private static void softLabels(SoftLabelsSpec softLabels, Problems problems) {
        String why = "mode online stores no soft labels: the group learns from its peers";
        if (softLabels.views() != null) {
            problems.add("spec.softLabels.views", why);
        }
        if (softLabels.shards() > 1) {
            problems.add("spec.softLabels.shards", why);
        }
        if (softLabels.precision() != Precision.FP32) {
            problems.add("spec.softLabels.precision", why);
        }
        if (softLabels.consistent()) {
            problems.add("spec.softLabels.mode", why);
        }
        if (softLabels.calibrate()) {
            problems.add("spec.softLabels.calibrate", why);
        }
        if (softLabels.ensembleCombine() != EnsembleCombine.PROBABILITIES) {
            problems.add("spec.softLabels.ensembleCombine", why);
        }
    }
}
