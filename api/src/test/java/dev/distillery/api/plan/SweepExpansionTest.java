package dev.distillery.api.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.DistillationYaml;
import dev.distillery.api.spec.DistillationSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepExpansionTest {

    static DistillationSpec spec(String students, String sweep) {
        return DistillationYaml.parse(
                        """
                        apiVersion: distillery.dev/v1alpha1
                        kind: Distillation
                        metadata: {name: sweep}
                        spec:
                          dataset: {name: mnist}
                          teacher: {model: 'cnn:8'}
                          students: %s
                          sweep: %s
                        """
                                .formatted(students, sweep),
                        "sweep.yaml")
                .getSpec();
    }

    @Test
    void withoutASweepEachStudentIsOneVariantNamedAfterIt() {
        List<StudentVariant> variants =
                SweepExpansion.expand(
                        spec(
                                "[{name: a, model: 'mlp:8', temperature: 3, alpha: 0.4,"
                                        + " training: {seed: 7}}]",
                                "{}"));

        assertThat(variants)
                .singleElement()
                .satisfies(
                        v -> {
                            assertThat(v.name()).isEqualTo("a");
                            assertThat(v.temperature()).isEqualTo(3.0);
                            assertThat(v.alpha()).isEqualTo(0.4);
                            assertThat(v.training().seed()).isEqualTo(7L);
                        });
    }

    @Test
    void everyStudentTimesEveryGridCombinationInOrder() {
        DistillationSpec spec =
                spec(
                        "[{name: a, model: 'mlp:8'}, {name: b, model: 'cnn:4'}]",
                        "{temperature: [2, 4.5], alpha: [0.5, 0.9], seed: [1, 2]}");

        List<StudentVariant> variants = SweepExpansion.expand(spec);

        assertThat(SweepExpansion.count(spec)).isEqualTo(16);
        assertThat(variants).hasSize(16);
        assertThat(variants)
                .extracting(StudentVariant::name)
                .startsWith(
                        "a-t2-a0p5-s1",
                        "a-t2-a0p5-s2",
                        "a-t2-a0p9-s1",
                        "a-t2-a0p9-s2",
                        "a-t4p5-a0p5-s1")
                .endsWith("b-t4p5-a0p9-s2")
                .doesNotHaveDuplicates()
                .allMatch(name -> name.matches("[a-z0-9-]+"));
        StudentVariant last = variants.get(15);
        assertThat(last.student()).isEqualTo("b");
        assertThat(last.model()).isEqualTo("cnn:4");
        assertThat(last.temperature()).isEqualTo(4.5);
        assertThat(last.alpha()).isEqualTo(0.9);
        assertThat(last.training().seed()).isEqualTo(2L);
    }

    @Test
    void aNameCarriesOnlyTheSweptValues() {
        List<StudentVariant> variants =
                SweepExpansion.expand(
                        spec("[{name: a, model: 'mlp:8', temperature: 3}]", "{alpha: [0, 1]}"));

        assertThat(variants).extracting(StudentVariant::name).containsExactly("a-a0", "a-a1");
        assertThat(variants).extracting(StudentVariant::temperature).containsOnly(3.0);
    }
}
