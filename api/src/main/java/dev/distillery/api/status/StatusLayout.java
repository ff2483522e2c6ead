package dev.distillery.api.status;

import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.plan.StudentVariant;
import dev.distillery.api.spec.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The status of a Distillation before any step ran: every planned step, teacher member and student
 * variant listed as Pending, so a reader sees the whole plan from the first reconcile.
 */
public final class StatusLayout {

    private StatusLayout() {}

    /** A fresh status for {@code plan}, with conditions derived as for any other status. */
    public static DistillationStatus initial(
            Plan plan, boolean suspend, long generation, Instant now) {
        DistillationStatus status = new DistillationStatus();
        List<StepStatus> steps = new ArrayList<>();
        for (PlannedStep step : plan.steps()) {
            steps.add(
                    new StepStatus()
                            .setName(step.name())
                            .setStage(step.stage().label())
                            .setStudent(step.student())
                            .setPacked(step.isPack() ? step.packed() : null)
                            .setKey(step.key())
                            .setPhase(StepPhase.PENDING));
        }
        status.setSteps(steps);
        List<TeacherMemberStatus> members = new ArrayList<>();
        for (PlannedStep teacher : plan.steps(Stage.TEACHER)) {
            members.add(
                    new TeacherMemberStatus()
                            .setModel(teacher.arg("--model").orElse(null))
                            .setSeed(teacher.arg("--seed").map(Long::valueOf).orElse(null)));
        }
        for (PlannedStep group : plan.steps(Stage.ONLINE)) {
            // The online group's teacher is one member, trained in the group's step.
            members.add(
                    new TeacherMemberStatus()
                            .setModel(group.arg("--teacher-model").orElse(null))
                            .setSeed(group.arg("--seed").map(Long::valueOf).orElse(null)));
        }
        status.setTeacher(new TeacherStatus().setMembers(members));
        status.setSoftLabels(new SoftLabelsStatus());
        List<StudentStatus> students = new ArrayList<>();
        for (StudentVariant variant : plan.variants()) {
            students.add(
                    new StudentStatus()
                            .setName(variant.name())
                            .setStudent(variant.student())
                            .setModel(variant.model())
                            .setTemperature(variant.temperature())
                            .setAlpha(variant.alpha())
                            .setSeed(variant.training().seed())
                            .setPhase(StepPhase.PENDING));
        }
        status.setStudents(students);
        StatusRollup.apply(status, suspend, generation, now);
        return status;
    }
}
