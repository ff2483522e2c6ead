package dev.distillery.api.plan;

import java.util.List;

/**
 * What a student step is given of its teacher: the stored soft labels ({@code --teacher-logits})
 * or, in consistent mode, the teacher members themselves ({@code --teacher}, repeated).
 *
 * @param args the student's teacher arguments
 * @param key the content key of what they point to
 * @param dependsOn the steps that produce it
 */
record TeacherInputs(List<String> args, String key, List<String> dependsOn) {

    TeacherInputs {
        args = List.copyOf(args);
        dependsOn = List.copyOf(dependsOn);
    }

    /** Stored soft labels written by {@code softLabels}. */
    static TeacherInputs stored(PlannedStep softLabels) {
        return new TeacherInputs(
                List.of("--teacher-logits", softLabels.output()),
                softLabels.key(),
                List.of(softLabels.name()));
    }

    /** The name under which {@link #key} enters the student's content key. */
    String keyName() {
        return args.get(0).equals("--teacher-logits") ? "teacherLogits" : "teachers";
    }
}
