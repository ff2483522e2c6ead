package dev.distillery.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import org.junit.jupiter.api.Test;

class PlanMemoTest {

    private static final String SPEC =
            """
            apiVersion: distillery.dev/v1alpha1
            kind: Distillation
            metadata:
              name: quick
              namespace: team-a
            spec:
              dataset:
                name: fashion-mnist
              storage:
                uri: s3://artifacts/quick
              teacher:
                model: cnn:8,16
              students:
                - name: mlp
                  model: mlp:32
            """;

    private final PlanMemo plans = new PlanMemo();

    /** As the API server returns it: with a uid and a generation (even when it cannot run). */
    private static Distillation read(String yaml) {
        Distillation distillation = DistillationYaml.parseWithoutValidation(yaml).distillation();
        distillation.getMetadata().setUid("0b4f-1");
        distillation.getMetadata().setGeneration(1L);
        return distillation;
    }

    @Test
    void plansOncePerGeneration() {
        Distillation quick = read(SPEC);

        PlanMemo.Planned first = plans.of(quick);
        PlanMemo.Planned again = plans.of(read(SPEC));
        quick.getMetadata().setGeneration(2L);
        PlanMemo.Planned changed = plans.of(quick);

        assertThat(first.plan()).isNotNull();
        assertThat(again.plan()).isSameAs(first.plan());
        assertThat(changed.plan()).isNotSameAs(first.plan()).isEqualTo(first.plan());
        assertThat(plans.size()).isEqualTo(1);
        plans.forget("0b4f-1");
        assertThat(plans.size()).isZero();
    }

    @Test
    void anInvalidSpecIsRememberedWithItsErrors() {
        Distillation invalid = read(SPEC.replace("storage:\n    uri: s3://artifacts/quick\n", ""));

        PlanMemo.Planned planned = plans.of(invalid);

        assertThat(planned.plan()).isNull();
        assertThat(planned.errors()).isNotEmpty();
    }
}
