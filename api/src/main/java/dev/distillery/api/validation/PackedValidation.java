package dev.distillery.api.validation;

import dev.distillery.api.spec.DistillationSpec;
import dev.distillery.api.spec.Mode;
import dev.distillery.api.spec.StudentSpec;
import dev.distillery.api.spec.TrainingSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Checks packed students ({@code students[].group}): a pack reads its teacher once per shared batch
 * (stored soft labels, or in consistent mode one forward pass of the teachers in the step), so it
 * needs mode offline, and the students of a group must agree on what makes the batches (epochs,
 * batch size, seed, augmentation).
 */
final class PackedValidation {

    private PackedValidation() {}

    static void packs(DistillationSpec spec, Problems problems) {
        Map<String, Integer> firstOfGroup = new HashMap<>();
        List<StudentSpec> students = spec.students();
        for (int i = 0; i < students.size(); i++) {
            StudentSpec student = students.get(i);
            if (student == null || student.group() == null) {
                continue;
            }
            String path = "spec.students[" + i + "]";
            String group = student.group();
            if (group.length() > StudentSpec.MAX_NAME_LENGTH
                    || !group.matches(StudentSpec.NAME_PATTERN)) {
                problems.add(
                        path + ".group",
                        "'"
                                + group
                                + "' must be at most "
                                + StudentSpec.MAX_NAME_LENGTH
                                + " lowercase letters, digits and '-', starting with a letter and"
                                + " not ending with '-' (it becomes part of Job names)");
                continue;
            }
            if (spec.mode() == Mode.ONLINE) {
                problems.add(
                        path + ".group",
                        "mode online already trains every student in its one group: remove group");
                continue;
            }
            Integer first = firstOfGroup.putIfAbsent(student.group(), i);
            if (first != null) {
                sameBatches(path, student, first, students.get(first), problems);
            }
        }
    }

    /** The settings that make the batches must be those of the group's first student. */
    private static void sameBatches(
            String path, StudentSpec student, int first, StudentSpec leader, Problems problems) {
        shared(path, "epochs", TrainingSpec::epochs, student, first, leader, problems);
        shared(path, "batchSize", TrainingSpec::batchSize, student, first, leader, problems);
        shared(path, "seed", TrainingSpec::seed, student, first, leader, problems);
        shared(path, "augment", TrainingSpec::augment, student, first, leader, problems);
    }

    private static void shared(
            String path,
            String field,
            Function<TrainingSpec, Object> value,
            StudentSpec student,
            int first,
            StudentSpec leader,
            Problems problems) {
        Object own = value.apply(student.training());
        Object group = value.apply(leader.training());
        if (!Objects.equals(own, group)) {
            problems.add(
                    path + ".training." + field,
                    own
                            + " differs from "
                            + group
                            + " of spec.students["
                            + first
                            + "] ("
                            + leader.name()
                            + ") in group "
                            + student.group()
                            + ": the students of a group share their batches (training.epochs,"
                            + " batchSize, seed and augment)");
        }
    }
}
