package dev.distillery.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlannedStep;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Job of an online group: the operator builds it from the planned step alone, like any other,
 * as one pod with the group's resources running {@code distillery-step online}.
 */
class OnlineJobTest {
    static final String ONLINE =
            Fixtures.QUICKSTART
                    .replace(
                            "  teacher:\n    model: cnn:16,32\n    ensemble: 2\n",
                            "  teacher:\n    model: cnn:16,32\n")
                    .replace(
                            "  baseline: true\n",
                            "  baseline: true\n  mode: online\n  online: {teacherWarmupEpochs: 1}\n"
                                    + "  resources:\n    online: {cpu: '4', memory: 6Gi, gpu: 1}\n")
                    .replaceAll(
                            "(?m)^      temperature: 4\n      alpha: 0.7\n      training:\n"
                                    + "        epochs: 3\n        batchSize: 64\n        seed: 1\n",
                            "");

    private final Distillation group = Fixtures.distillation(ONLINE);
    private final Plan plan = Fixtures.plan(group);

    @Test
    void theGroupRunsAsOneJobWithThePlannedOnlineCommand() {
        PlannedStep step = Fixtures.step(plan, "online");
        Job job = Fixtures.created(group, step);
        Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(plan.steps())
                .extracting(PlannedStep::name)
                .containsExactly("baseline-mlp-small", "baseline-cnn-tiny", "online", "report");
        assertThat(job.getMetadata().getName()).isEqualTo("quick-online");
        assertThat(job.getMetadata().getLabels())
                .containsEntry("distillery.dev/stage", "online")
                .doesNotContainKey("distillery.dev/student");
        assertThat(job.getSpec().getCompletions()).isEqualTo(1);
        assertThat(job.getSpec().getCompletionMode()).isNotEqualTo("Indexed");
        assertThat(container.getCommand()).containsExactly("distillery-step");
        assertThat(container.getArgs()).isEqualTo(step.argsForShard("0"));
        assertThat(container.getArgs())
                .startsWith("online", "--output", step.output(), "--teacher-model", "cnn:16,32")
                .containsSequence("--student", "mlp-small=mlp:64")
                .containsSequence("--student", "cnn-tiny=cnn:4,8;head=32")
                .containsSequence("--teacher-warmup-epochs", "1")
                .endsWith("--device", "gpu", "--log", step.output() + ".log");
        Map<String, Quantity> limits = container.getResources().getLimits();
        assertThat(limits)
                .containsEntry("cpu", new Quantity("4"))
                .containsEntry("memory", new Quantity("6Gi"))
                .containsEntry("nvidia.com/gpu", new Quantity("1"));
        List<String> env = container.getEnv().stream().map(EnvVar::getName).toList();
        assertThat(env).contains("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION");
    }

    @Test
    void theTwinsKeepTheStudentsResources() {
        Job twin = Fixtures.created(group, Fixtures.step(plan, "baseline-mlp-small"));
        Container container = twin.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(container.getArgs()).startsWith("train").doesNotContain("--device");
        assertThat(container.getResources().getLimits()).isNullOrEmpty();
    }
}
