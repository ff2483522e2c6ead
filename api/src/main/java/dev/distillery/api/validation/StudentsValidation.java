package dev.distillery.api.validation;

import dev.distillery.api.plan.StudentVariant;
import dev.distillery.api.plan.SweepExpansion;
import dev.distillery.api.spec.DistillationSpec;
import dev.distillery.api.spec.StudentSpec;
import dev.distillery.api.spec.SweepSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks the students, the sweep grids and the variant names they expand to. */
final class StudentsValidation {

    /** The longest variant name: with its stage prefix it leaves room in a 63-char Job name. */
    static final int MAX_VARIANT_NAME = 40;

    private StudentsValidation() {}

    static void students(DistillationSpec spec, Problems problems) {
        List<StudentSpec> students = spec.students();
        if (students.isEmpty()) {
            problems.add("spec.students", "at least one student is required");
        } else if (students.size() > DistillationSpec.MAX_STUDENTS) {
            problems.add(
                    "spec.students",
                    "at most "
                            + DistillationSpec.MAX_STUDENTS
                            + " students, not "
                            + students.size());
        }
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < students.size(); i++) {
            String path = "spec.students[" + i + "]";
            StudentSpec student = students.get(i);
            if (student == null) {
                problems.add(path, "must be a student with a name and a model");
                continue;
            }
            student(path, student, problems);
            hints(path, student, spec, problems);
            views(path, student, spec, problems);
            if (student.name() != null) {
                Integer first = firstIndex.putIfAbsent(student.name(), i);
                if (first != null) {
                    problems.add(
                            path + ".name",
                            "'"
                                    + student.name()
                                    + "' is already the name of spec.students["
                                    + first
                                    + "]: names must be unique");
                }
            }
        }
        sweep(spec.sweep(), problems);
        variants(spec, problems);
    }

    private static void hints(
            String path, StudentSpec student, DistillationSpec spec, Problems problems) {
        double weight = student.hintWeight();
        if (!(weight >= 0 && weight <= 1000)) {
            problems.add(path + ".hintWeight", "must be between 0 and 1000, not " + weight);
            return;
        }
        if (weight == 0) {
            return;
        }
        if (!spec.softLabels().consistent()) {
            problems.add(
                    path + ".hintWeight",
                    "needs spec.softLabels.mode consistent: hints match the teacher's feature maps,"
                            + " so the teacher must run in the student's step");
        }
        if (student.model() != null && student.model().startsWith("mlp")) {
            problems.add(
                    path + ".hintWeight",
                    "needs a convolutional student (cnn or resnet), not " + student.model());
        }
        String teacher = firstTeacherModel(spec);
        if (teacher != null && teacher.startsWith("mlp")) {
            problems.add(
                    path + ".hintWeight",
                    "needs a convolutional teacher (cnn or resnet), not " + teacher);
        }
    }

    /**
     * With stored soft labels, a student's augmentation must match what the teacher labelled:
     * otherwise the distilled student trains on one kind of image and its scratch twin (which has
     * no soft labels to follow) on the other, and the measured gain is not distillation's.
     */
    private static void views(
            String path, StudentSpec student, DistillationSpec spec, Problems problems) {
        if (spec.softLabels().consistent() || student.training() == null) {
            return;
        }
        boolean augment = Boolean.TRUE.equals(student.training().augment());
        boolean views = spec.softLabels().views() != null;
        if (augment && !views) {
            problems.add(
                    path + ".training.augment",
                    "the stored soft labels are of the plain images (spec.softLabels.views is"
                            + " absent), so the distilled student would train on plain images and"
                            + " its scratch twin on augmented ones: set spec.softLabels.views to"
                            + " label augmented views the student replays, or spec.softLabels.mode"
                            + " consistent, or drop augment");
        } else if (!augment && views) {
            problems.add(
                    path + ".training.augment",
                    "must be true: spec.softLabels.views labels augmented views, which the"
                            + " distilled student replays, so its scratch twin must train on"
                            + " augmented images too");
        }
    }

    private static String firstTeacherModel(DistillationSpec spec) {
        if (spec.teacher() == null) {
            return null;
        }
        if (spec.teacher().members() != null && !spec.teacher().members().isEmpty()) {
            return spec.teacher().members().get(0) == null
                    ? null
                    : spec.teacher().members().get(0).model();
        }
        return spec.teacher().model();
    }

    private static void student(String path, StudentSpec student, Problems problems) {
        String name = student.name();
        if (name == null || name.isEmpty()) {
            problems.add(path + ".name", "is required");
        } else if (name.length() > StudentSpec.MAX_NAME_LENGTH
                || !name.matches(StudentSpec.NAME_PATTERN)) {
            problems.add(
                    path + ".name",
                    "'"
                            + name
                            + "' must be at most "
                            + StudentSpec.MAX_NAME_LENGTH
                            + " lowercase letters, digits and '-', starting with a letter and"
                            + " not ending with '-' (it becomes part of Job names)");
        }
        if (student.model() == null) {
            problems.add(path + ".model", "is required, for example mlp:128 or cnn:8,16");
        } else {
            problems.model(path + ".model", student.model());
        }
        temperature(path + ".temperature", student.temperature(), problems);
        alpha(path + ".alpha", student.alpha(), problems);
        TrainingValidation.training(path + ".training", student.training(), problems);
    }

    private static void sweep(SweepSpec sweep, Problems problems) {
        grid("spec.sweep.temperature", sweep.temperature(), problems);
        grid("spec.sweep.alpha", sweep.alpha(), problems);
        grid("spec.sweep.seed", sweep.seed(), problems);
        if (sweep.temperature() != null) {
            for (int i = 0; i < sweep.temperature().size(); i++) {
                Double value = sweep.temperature().get(i);
                if (value != null) {
                    temperature("spec.sweep.temperature[" + i + "]", value, problems);
                }
            }
        }
        if (sweep.alpha() != null) {
            for (int i = 0; i < sweep.alpha().size(); i++) {
                Double value = sweep.alpha().get(i);
                if (value != null) {
                    alpha("spec.sweep.alpha[" + i + "]", value, problems);
                }
            }
        }
        if (sweep.seed() != null) {
            for (int i = 0; i < sweep.seed().size(); i++) {
                Long value = sweep.seed().get(i);
                if (value != null && value < 0) {
                    problems.add("spec.sweep.seed[" + i + "]", "must not be negative");
                }
            }
        }
    }

    private static void grid(String path, List<?> values, Problems problems) {
        if (values == null) {
            return;
        }
        if (values.isEmpty() || values.size() > 16) {
            problems.add(path, "must list 1 to 16 values, not " + values.size());
        }
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (value == null) {
                problems.add(path + "[" + i + "]", "must be a number");
            } else if (!seen.add(value)) {
                problems.add(path + "[" + i + "]", value + " is listed twice");
            }
        }
    }

    private static void variants(DistillationSpec spec, Problems problems) {
        long count = SweepExpansion.count(spec);
        if (count > DistillationSpec.MAX_VARIANTS) {
            problems.add(
                    "spec.sweep",
                    "expands "
                            + spec.students().size()
                            + " students into "
                            + count
                            + " variants, more than "
                            + DistillationSpec.MAX_VARIANTS
                            + ": shorten the grids or split the sweep into several"
                            + " Distillations (they share the teacher through the store)");
            return;
        }
        // Every variant of a sweep carries the same suffix pattern, so distinct student names
        // give distinct variant names; only their length needs checking.
        for (StudentVariant variant : SweepExpansion.expand(spec)) {
            if (variant.name().length() > MAX_VARIANT_NAME) {
                problems.add(
                        "spec.sweep",
                        "variant name '"
                                + variant.name()
                                + "' is longer than "
                                + MAX_VARIANT_NAME
                                + " characters: use a shorter student name or rounder values");
            }
        }
    }

    private static void temperature(String path, Double value, Problems problems) {
        if (value != null && !(value > 0 && value <= 100)) {
            problems.add(path, "must be greater than 0 and at most 100, not " + value);
        }
    }

    private static void alpha(String path, Double value, Problems problems) {
        if (value != null && !(value >= 0 && value <= 1)) {
            problems.add(path, "must be between 0 and 1, not " + value);
        }
    }
}
