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
import org.junit.jupiter.api.Test;

class WarmUpTest {

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final WarmUp warmUp =
            new WarmUp(new StepJobFactory(JobSettings.DEFAULTS), serialization);

    @Test
    void reconcilesTheSampleEveryRoundBuildingEachOfItsJobs() {
        WarmUp.Done done = warmUp.run(3);

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
        assertThat(warmUp.run(0).jobs()).isZero();
    }

    private Plan samplePlan() {
        return Planner.plan(
                serialization.unmarshal(WarmUp.sampleYaml(), Distillation.class),
                PlanSettings.CLUSTER);
    }
}
