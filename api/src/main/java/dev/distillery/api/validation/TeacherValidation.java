package dev.distillery.api.validation;

import dev.distillery.api.spec.TeacherMemberSpec;
import dev.distillery.api.spec.TeacherSpec;

/** Checks the teacher: exactly one way to get it, members, model specs and training settings. */
final class TeacherValidation {

    private TeacherValidation() {}

    /** Checks {@code teacher}; {@code problems} already points at {@code spec.teacher}. */
    static void teacher(TeacherSpec teacher, Problems problems) {
        if (teacher == null) {
            problems.add("", "is required: set model (and ensemble), members or pretrained");
            return;
        }
        int ways =
                (teacher.model() != null ? 1 : 0)
                        + (teacher.members() != null ? 1 : 0)
                        + (teacher.pretrained() != null ? 1 : 0);
        if (ways != 1) {
            problems.add(
                    "",
                    "set exactly one of model (with optional ensemble), members and pretrained"
                            + (ways == 0 ? "" : ", not " + ways));
        }
        if (teacher.model() != null) {
            problems.model(".model", teacher.model());
        } else if (teacher.ensemble() != null) {
            problems.add(".ensemble", "needs teacher.model: every member trains that model");
        }
        problems.range(".ensemble", teacher.ensemble(), 1, TeacherSpec.MAX_MEMBERS);
        if (teacher.members() != null) {
            members(teacher, problems);
        }
        if (teacher.pretrained() != null) {
            problems.range(".pretrained", teacher.pretrained().size(), 1, TeacherSpec.MAX_MEMBERS);
            for (int i = 0; i < teacher.pretrained().size(); i++) {
                String uri = teacher.pretrained().get(i);
                if (uri == null) {
                    problems.add(".pretrained[" + i + "]", "must be a file:// or s3:// URI");
                }
                problems.uri(".pretrained[" + i + "]", uri);
            }
        }
        TrainingValidation.training(".training", teacher.training(), problems);
    }

    private static void members(TeacherSpec teacher, Problems problems) {
        if (teacher.members().isEmpty() || teacher.members().size() > TeacherSpec.MAX_MEMBERS) {
            problems.add(
                    ".members",
                    "must list 1 to "
                            + TeacherSpec.MAX_MEMBERS
                            + " members, not "
                            + teacher.members().size());
        }
        for (int i = 0; i < teacher.members().size(); i++) {
            TeacherMemberSpec member = teacher.members().get(i);
            String path = ".members[" + i + "]";
            if (member == null) {
                problems.add(path, "must be a member with a model");
                continue;
            }
            problems.model(path + ".model", member.model());
            if (member.seed() != null && member.seed() < 0) {
                problems.add(path + ".seed", "must not be negative, not " + member.seed());
            }
        }
    }
}
