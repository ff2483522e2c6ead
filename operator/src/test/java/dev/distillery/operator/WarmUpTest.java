package dev.distillery.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.Planner;
import dev.distillery.api.spec.Stage;
import dev.distillery.operator.model.JobSettings;
import dev.distillery.operator.model.StepJobFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    @Test
    void reconcilesTheSampleEveryRoundBuildingEachOfItsJobs() {
        WarmUp.Done done =
                new WarmUp(new StepJobFactory(JobSettings.DEFAULTS), serialization).run(3);

        assertThat(done.rounds()).isEqualTo(3);
        assertThat(done.jobs()).isEqualTo(3 * samplePlan().steps().size());
    }

    @Test
    void theSampleTakesTheBranchesOfARealDistillation() {
        Plan plan = samplePlan();

        assertThat(plan.steps(Stage.TEACHER)).hasSize(2);
        assertThat(plan.steps(Stage.STUDENT)).hasSize(2);
        assertThat(plan.steps(Stage.BASELINE)).hasSize(2);
        assertThat(plan.steps(Stage.SOFT_LABELS).get(0).shards()).isEqualTo(2);
        assertThat(plan.steps(Stage.REPORT)).hasSize(1);
    }

    @Test
    void noRoundsDoNothing() {
        assertThat(
                        new WarmUp(new StepJobFactory(JobSettings.DEFAULTS), serialization)
                                .run(0)
                                .jobs())
                .isZero();
    }

    private Plan samplePlan() {
        try (InputStream in = WarmUp.class.getResourceAsStream("warm-up-distillation.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Planner.plan(
                    serialization.unmarshal(yaml, Distillation.class), PlanSettings.CLUSTER);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
