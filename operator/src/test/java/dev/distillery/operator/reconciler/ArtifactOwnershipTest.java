package dev.distillery.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.plan.Planner;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.StepPhase;
import dev.distillery.api.status.StepStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactOwnershipTest {

    /** Two Distillations on one store with the same teacher and different students. */
    private static Distillation run(String name, String student, String policy) {
        Distillation distillation =
                DistillationYaml.parse(
                        """
                        apiVersion: distillery.dev/v1alpha1
                        kind: Distillation
                        metadata:
                          name: %s
                          namespace: team-a
                        spec:
                          dataset:
                            name: fashion-mnist
                            limit: 200
                          storage:
                            uri: s3://artifacts/shared
                          teacher:
                            model: cnn:8,16
                          students:
                            - name: s
                              model: %s
                          cleanupPolicy: %s
                        """
                                .formatted(name, student, policy),
                        name + ".yaml");
        distillation.getMetadata().setUid(name + "-uid");
        return distillation;
    }

    private static String output(Distillation distillation, String step) {
        return Planner.plan(distillation, PlanSettings.CLUSTER).steps().stream()
                .filter(s -> s.name().equals(step))
                .map(PlannedStep::output)
                .findFirst()
                .orElseThrow();
    }

    /** Every step of {@code distillation} succeeded; those named in {@code reused} were reused. */
    private static Distillation finished(Distillation distillation, String... reused) {
        List<StepStatus> steps =
                Planner.plan(distillation, PlanSettings.CLUSTER).steps().stream()
                        .map(
                                s ->
                                        new StepStatus()
                                                .setName(s.name())
                                                .setPhase(StepPhase.SUCCEEDED)
                                                .setArtifact(s.output())
                                                .setReused(List.of(reused).contains(s.name())))
                        .toList();
        distillation.setStatus(new DistillationStatus().setSteps(steps));
        return distillation;
    }

    @Test
    void theSharedTeacherIsKeptWhileAnotherDistillationUsesItAndTheRestGoes() {
        Distillation first = finished(run("first", "mlp:32", "Delete"));
        Distillation second = finished(run("second", "mlp:64", "Retain"), "teacher-0");
        String teacher = output(first, "teacher-0");
        assertThat(output(second, "teacher-0")).isEqualTo(teacher);

        ArtifactOwnership.Split split = ArtifactOwnership.split(first, List.of(first, second));

        String softLabels = output(first, "soft-labels");
        assertThat(split.kept()).containsExactlyInAnyOrder(teacher, softLabels);
        assertThat(split.delete())
                .doesNotContain(teacher, softLabels)
                .contains(output(first, "student-s"), output(first, "report"));
    }

    @Test
    void aPlannedStepThatHasNotRunYetAlsoKeepsItsArtifact() {
        Distillation first = finished(run("first", "mlp:32", "Delete"));
        Distillation waiting = run("waiting", "mlp:64", "Retain");

        ArtifactOwnership.Split split = ArtifactOwnership.split(first, List.of(waiting));

        assertThat(split.kept()).contains(output(first, "teacher-0"));
    }

    @Test
    void anArtifactThisRunReusedIsNeverItsToDelete() {
        Distillation second = finished(run("second", "mlp:64", "Delete"), "teacher-0");

        ArtifactOwnership.Split split = ArtifactOwnership.split(second, List.of());

        assertThat(split.delete()).doesNotContain(output(second, "teacher-0"));
        assertThat(split.kept()).isEmpty();
    }

    @Test
    void anotherDistillationBeingDeletedWithTheDeletePolicyKeepsNothing() {
        Distillation first = finished(run("first", "mlp:32", "Delete"));
        Distillation second = finished(run("second", "mlp:64", "Delete"));
        second.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        Distillation retained = finished(run("retained", "mlp:64", "Retain"));
        retained.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");

        assertThat(ArtifactOwnership.split(first, List.of(second)).delete())
                .contains(output(first, "teacher-0"));
        assertThat(ArtifactOwnership.split(first, List.of(retained)).kept())
                .contains(output(first, "teacher-0"));
    }
}
