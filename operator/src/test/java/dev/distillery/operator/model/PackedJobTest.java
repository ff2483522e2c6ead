package dev.distillery.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlannedStep;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Jobs of packed students: the operator builds each from the planned step alone, like any
 * other, as one pod with the pack's resources running {@code distillery-step packed}.
 */
class PackedJobTest {
    static final String PACKED =
            Fixtures.QUICKSTART
                    .replace(
                            "    - name: mlp-small\n",
                            "    - name: mlp-small\n      group: small\n")
                    .replace("    - name: cnn-tiny\n", "    - name: cnn-tiny\n      group: small\n")
                    .replace(
                            "  parallelism: 1\n",
                            "  parallelism: 1\n  resources:\n    students: {cpu: '1'}\n"
                                    + "    packed: {cpu: '2', memory: 3Gi}\n");

    private final Distillation packed = Fixtures.distillation(PACKED);
    private final Plan plan = Fixtures.plan(packed);

    @Test
    void thePackRunsAsOneJobWithThePlannedPackedCommandAndThePacksResources() {
        PlannedStep step = Fixtures.step(plan, "pack-small");
        Job job = Fixtures.created(packed, step);
        Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(plan.steps())
                .extracting(PlannedStep::name)
                .containsExactly(
                        "teacher-0",
                        "teacher-1",
                        "soft-labels",
                        "baseline-pack-small",
                        "pack-small",
                        "report");
        assertThat(job.getMetadata().getName()).isEqualTo("quick-pack-small");
        assertThat(job.getMetadata().getLabels())
                .containsEntry("distillery.dev/stage", "student")
                .doesNotContainKey("distillery.dev/student");
        assertThat(job.getSpec().getCompletions()).isEqualTo(1);
        assertThat(container.getCommand()).containsExactly("distillery-step");
        assertThat(container.getArgs())
                .isEqualTo(step.argsForShard(null))
                .endsWith("--log", step.output() + ".log");
        assertThat(container.getArgs())
                .startsWith("packed", "--output", step.output())
                .containsSequence("--teacher-logits", Fixtures.step(plan, "soft-labels").output())
                .containsSequence("--student", "mlp-small", "--model", "mlp:64")
                .containsSequence("--student", "cnn-tiny", "--model", "cnn:4,8;head=32")
                .doesNotContain("--device");
        Map<String, Quantity> limits = container.getResources().getLimits();
        assertThat(limits)
                .containsEntry("cpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("3Gi"));
    }

    @Test
    void theTwinsPackHasThePacksResourcesAndNoTeacher() {
        Job twins = Fixtures.created(packed, Fixtures.step(plan, "baseline-pack-small"));
        Container container = twins.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(twins.getMetadata().getLabels())
                .containsEntry("distillery.dev/stage", "baseline");
        assertThat(container.getArgs())
                .startsWith("packed")
                .doesNotContain("--teacher-logits", "--temperature", "--alpha")
                .containsSequence("--student", "mlp-small", "--model", "mlp:64");
        assertThat(container.getResources().getLimits()).containsEntry("cpu", new Quantity("2"));
    }
}
