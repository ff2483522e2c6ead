package dev.distillery.cli.cluster;

import dev.distillery.api.status.BestStudent;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.Phase;
import dev.distillery.api.status.SelectedStudent;
import dev.distillery.api.status.StepPhase;
import dev.distillery.api.status.StudentStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;

/** Statuses as the operator writes them, for the cluster commands' tests. */
final class Statuses {

    private Statuses() {}

    static Condition condition(String type, String status, String reason, String message) {
        return new ConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withLastTransitionTime("2026-01-01T00:00:00Z")
                .build();
    }

    /** A finished run whose student cnn-tiny reached 83.4 % (scratch 82.24 %). */
    static DistillationStatus succeeded() {
        return new DistillationStatus()
                .setPhase(Phase.SUCCEEDED)
                .setProgress("2/2")
                .setStudentsDone(2)
                .setStudentsTotal(2)
                .setReport("s3://bucket/run/report/abc")
                .setBest(
                        new BestStudent()
                                .setName("cnn-tiny")
                                .setStudent("cnn-tiny")
                                .setAccuracy(0.834)
                                .setValidationAccuracy(0.86))
                .setStudents(
                        List.of(
                                new StudentStatus()
                                        .setName("cnn-tiny")
                                        .setStudent("cnn-tiny")
                                        .setModel("cnn:4,8")
                                        .setTemperature(2.0)
                                        .setAlpha(0.9)
                                        .setPhase(StepPhase.SUCCEEDED)
                                        .setAccuracy(0.834)
                                        .setScratchAccuracy(0.8224)
                                        .setSelected(true)
                                        .setArtifact("s3://bucket/run/student/k1"),
                                new StudentStatus()
                                        .setName("mlp")
                                        .setStudent("mlp")
                                        .setModel("mlp:64")
                                        .setTemperature(2.0)
                                        .setAlpha(0.9)
                                        .setPhase(StepPhase.SUCCEEDED)
                                        .setAccuracy(0.8205)
                                        .setSelected(true)
                                        .setArtifact("s3://bucket/run/student/k2")))
                .setSelection(
                        List.of(
                                new SelectedStudent()
                                        .setStudent("cnn-tiny")
                                        .setTemperature(2.0)
                                        .setAlpha(0.9)
                                        .setSeeds(3)
                                        .setAccuracyMean(0.834)
                                        .setScratchAccuracyMean(0.8224)))
                .setConditions(
                        List.of(
                                condition("StudentsReady", "True", "StudentsDone", "2 of 2"),
                                condition("Succeeded", "True", "Done", "best cnn-tiny")));
    }

    static DistillationStatus failed() {
        return new DistillationStatus()
                .setPhase(Phase.FAILED)
                .setConditions(
                        List.of(
                                condition(
                                        "Failed",
                                        "True",
                                        "StepFailed",
                                        "step teacher-0 failed: bad input (exit code 65)")));
    }
}
