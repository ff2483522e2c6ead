package dev.distillery.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.Phase;
import dev.distillery.api.status.StepPhase;
import dev.distillery.api.status.StepStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistillationViewTest {

    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");

    private static Distillation distillation(String namespace, String name) {
        Distillation d = new Distillation();
        d.setMetadata(
                new ObjectMetaBuilder()
                        .withNamespace(namespace)
                        .withName(name)
                        .withCreationTimestamp("2026-01-01T00:15:00Z")
                        .build());
        return d;
    }

    @Test
    void getShowsThePrinterColumnsAligned() {
        Distillation done = distillation("team", "quickstart");
        done.setStatus(Statuses.succeeded());
        Distillation fresh = distillation("team", "new-one");

        List<String> table = DistillationView.table(List.of(done, fresh), false, NOW);

        assertThat(table)
                .containsExactly(
                        "NAME         PHASE       BEST       ACCURACY   STUDENTS   AGE",
                        "quickstart   Succeeded   cnn-tiny   83.40 %    2/2        45m",
                        "new-one                                                   45m");
    }

    @Test
    void getWithAllNamespacesLeadsWithTheNamespace() {
        List<String> table = DistillationView.table(List.of(distillation("a", "x")), true, NOW);

        assertThat(table.get(0)).startsWith("NAMESPACE   NAME");
        assertThat(table.get(1)).startsWith("a           x");
    }

    @Test
    void describeShowsStudentsChosenCellsArtifactsConditionsAndEvents() {
        Distillation done = distillation("team", "quickstart");
        done.setStatus(Statuses.succeeded());
        Event event =
                new EventBuilder()
                        .withType("Normal")
                        .withReason("JobCreated")
                        .withMessage("created Job quickstart-teacher-0")
                        .build();

        String text = String.join("\n", DistillationView.describe(done, List.of(event), NOW));

        assertThat(text)
                .contains("Phase:      Succeeded")
                .contains(
                        "Best:       cnn-tiny, test accuracy 83.40 % (chosen on validation accuracy 86.00 %)")
                .contains("Report:     s3://bucket/run/report/abc")
                .containsPattern(
                        "cnn-tiny +cnn:4,8 +2 +0.9 +Succeeded +83.40 % +82.24 % +yes +s3://bucket/run/student/k1")
                .contains(
                        "cnn-tiny: T=2 alpha=0.9, 3 seed(s), test accuracy 83.40 %, scratch 82.24 %")
                .containsPattern("Succeeded +True +Done +best cnn-tiny")
                .contains("Normal  JobCreated  created Job quickstart-teacher-0");
    }

    /** Why a step has not started is on its line: here Kueue has not admitted its Job. */
    @Test
    void describeListsEveryStepWithWhatItWaitsFor() {
        Distillation queued = distillation("team", "queued");
        queued.setStatus(
                new DistillationStatus()
                        .setPhase(Phase.RUNNING)
                        .setSteps(
                                List.of(
                                        new StepStatus()
                                                .setName("teacher-0")
                                                .setPhase(StepPhase.SUCCEEDED)
                                                .setJobName("queued-teacher-0"),
                                        new StepStatus()
                                                .setName("student-tiny")
                                                .setPhase(StepPhase.PENDING)
                                                .setJobName("queued-student-tiny")
                                                .setWaiting("Queued")
                                                .setMessage(
                                                        "waiting for Kueue to admit its Job"
                                                                + " (LocalQueue gpu-queue)"))));

        String text = String.join("\n", DistillationView.describe(queued, List.of(), NOW));

        assertThat(text)
                .contains("Steps:")
                .containsPattern("teacher-0 +Succeeded +queued-teacher-0")
                .containsPattern(
                        "student-tiny +Pending +queued-student-tiny +Queued +waiting for Kueue to"
                                + " admit its Job \\(LocalQueue gpu-queue\\)");
    }

    @Test
    void describeWithoutStatusSaysTheOperatorHasNotSeenIt() {
        String text =
                String.join(
                        "\n", DistillationView.describe(distillation("t", "x"), List.of(), NOW));

        assertThat(text).contains("Status:     none yet (is the operator running");
    }

    @Test
    void submitNamesTheBestStudentsArtifact() {
        assertThat(SubmitCommand.bestArtifact(Statuses.succeeded()))
                .isEqualTo("s3://bucket/run/student/k1");
        assertThat(SubmitCommand.finished(Statuses.succeeded())).isTrue();
        assertThat(SubmitCommand.finished(Statuses.failed())).isTrue();
        assertThat(SubmitCommand.finished(null)).isFalse();
    }
}
