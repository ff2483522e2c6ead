package dev.distillery.api.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.distillery.api.DistillationYaml;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.plan.Planner;
import dev.distillery.api.plan.StudentVariant;
import dev.distillery.contract.StepSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepSelectionTest {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    static final Plan PLAN =
            Planner.plan(
                    DistillationYaml.parse(
                            """
                            apiVersion: distillery.dev/v1alpha1
                            kind: Distillation
                            metadata: {name: sweep}
                            spec:
                              dataset: {name: fashion-mnist, limit: 2000}
                              teacher: {model: 'cnn:16,32'}
                              students:
                                - {name: mlp, model: 'mlp:64'}
                                - {name: cnn, model: 'cnn:4,8'}
                              sweep:
                                temperature: [2, 4]
                                alpha: [0.5, 0.9]
                                seed: [1, 2]
                              baseline: true
                            """,
                            "sweep.yaml"),
                    PlanSettings.withDefaultStorage("file:///tmp/kd"));

    /** Validation and test accuracy of one variant's step. */
    record Result(String variant, double validation, double test) {}

    static StepSummary train(double validation, double test, long parameters) {
        return new StepSummary(
                "train",
                null,
                validation,
                parameters,
                1,
                1800L,
                1,
                false,
                Map.of("testAccuracy", test));
    }

    /**
     * A status where the teacher scored 0.90 and every scratch twin of seed s scored 0.80 + s/100.
     */
    static DistillationStatus run(List<Result> results) {
        DistillationStatus status = StatusLayout.initial(PLAN, false, 1, T0);
        for (PlannedStep teacher : PLAN.steps(dev.distillery.api.spec.Stage.TEACHER)) {
            StepResults.succeeded(status, PLAN, teacher.name(), train(0.91, 0.90, 400_000), T0);
        }
        for (StudentVariant variant : PLAN.variants()) {
            PlannedStep twin = PLAN.baselineStep(variant.name()).orElseThrow();
            double scratch = 0.80 + variant.training().seed() / 100.0;
            StepResults.succeeded(status, PLAN, twin.name(), train(scratch, scratch, 40_000), T0);
        }
        for (Result result : results) {
            StepResults.succeeded(
                    status,
                    PLAN,
                    PLAN.studentStep(result.variant()).orElseThrow().name(),
                    train(result.validation(), result.test(), 40_000),
                    T0);
        }
        StatusRollup.apply(status, false, 1, T0);
        return status;
    }

    static SelectedStudent selected(DistillationStatus status, String student) {
        return status.getSelection().stream()
                .filter(s -> s.getStudent().equals(student))
                .findFirst()
                .orElseThrow();
    }

    static List<Result> mlpGrid(double t2a05, double t2a09, double t4a05, double t4a09) {
        return List.of(
                new Result("mlp-t2-a0p5-s1", t2a05, 0.85),
                new Result("mlp-t2-a0p5-s2", t2a05, 0.85),
                new Result("mlp-t2-a0p9-s1", t2a09, 0.86),
                new Result("mlp-t2-a0p9-s2", t2a09, 0.86),
                new Result("mlp-t4-a0p5-s1", t4a05, 0.87),
                new Result("mlp-t4-a0p5-s2", t4a05, 0.87),
                new Result("mlp-t4-a0p9-s1", t4a09, 0.95),
                new Result("mlp-t4-a0p9-s2", t4a09, 0.95));
    }

    @Test
    void theCellWithTheBestValidationAccuracyIsChosenNotTheBestTestAccuracy() {
        // T=4, alpha=0.9 has by far the best test accuracy but the worst validation accuracy
        DistillationStatus status = run(mlpGrid(0.84, 0.88, 0.86, 0.83));

        SelectedStudent mlp = selected(status, "mlp");
        assertThat(mlp.getName()).isEqualTo("mlp-t2-a0p9");
        assertThat(mlp.getTemperature()).isEqualTo(2.0);
        assertThat(mlp.getAlpha()).isEqualTo(0.9);
        assertThat(mlp.getValidationAccuracy()).isCloseTo(0.88, within(1e-9));
        assertThat(mlp.getAccuracyMean()).isCloseTo(0.86, within(1e-9));
        assertThat(status.getBest().getName()).isEqualTo("mlp-t2-a0p9");
        assertThat(status.getBest().getAccuracy()).isCloseTo(0.86, within(1e-9));
        assertThat(status.getStudents())
                .filteredOn(s -> Boolean.TRUE.equals(s.getSelected()))
                .extracting(StudentStatus::getName)
                .containsExactly("mlp-t2-a0p9-s1", "mlp-t2-a0p9-s2");
        assertThat(status.getStudents())
                .filteredOn(s -> s.getStudent().equals("mlp"))
                .allMatch(s -> s.getSelected() != null);
    }

    @Test
    void seedsAreAveragedSoOneLuckySeedDoesNotWin() {
        List<Result> results =
                List.of(
                        new Result("mlp-t2-a0p5-s1", 0.95, 0.90), // lucky seed
                        new Result("mlp-t2-a0p5-s2", 0.79, 0.80),
                        new Result("mlp-t2-a0p9-s1", 0.88, 0.87),
                        new Result("mlp-t2-a0p9-s2", 0.88, 0.89),
                        new Result("mlp-t4-a0p5-s1", 0.85, 0.85),
                        new Result("mlp-t4-a0p5-s2", 0.85, 0.85),
                        new Result("mlp-t4-a0p9-s1", 0.84, 0.84),
                        new Result("mlp-t4-a0p9-s2", 0.84, 0.84));

        SelectedStudent mlp = selected(run(results), "mlp");

        assertThat(mlp.getName()).isEqualTo("mlp-t2-a0p9");
        assertThat(mlp.getSeeds()).isEqualTo(2);
        assertThat(mlp.getVariants()).containsExactly("mlp-t2-a0p9-s1", "mlp-t2-a0p9-s2");
        assertThat(mlp.getAccuracyMean()).isCloseTo(0.88, within(1e-9));
        assertThat(mlp.getAccuracyStd()).isCloseTo(Math.sqrt(0.0002), within(1e-9));
        // scratch twins: 0.81 (seed 1) and 0.82 (seed 2)
        assertThat(mlp.getScratchAccuracyMean()).isCloseTo(0.815, within(1e-9));
        assertThat(mlp.getScratchAccuracyStd()).isCloseTo(Math.sqrt(0.00005), within(1e-9));
        assertThat(mlp.getGain()).isCloseTo(0.065, within(1e-9));
        // teacher 0.90: (0.88 - 0.815) / (0.90 - 0.815)
        assertThat(mlp.getGapClosure()).isCloseTo(0.065 / 0.085, within(1e-9));
        assertThat(mlp.getCompression()).isEqualTo(10.0);
    }

    @Test
    void equalValidationAccuraciesChooseTheLowerTemperatureThenTheLowerAlpha() {
        assertThat(selected(run(mlpGrid(0.80, 0.88, 0.88, 0.88)), "mlp").getName())
                .isEqualTo("mlp-t2-a0p9");
        assertThat(selected(run(mlpGrid(0.88, 0.88, 0.88, 0.88)), "mlp").getName())
                .isEqualTo("mlp-t2-a0p5");
        List<Result> reversed = new java.util.ArrayList<>(mlpGrid(0.80, 0.80, 0.88, 0.88));
        java.util.Collections.reverse(reversed);
        assertThat(selected(run(reversed), "mlp").getName()).isEqualTo("mlp-t4-a0p5");
    }

    @Test
    void aStudentIsDecidedOnlyOnceItsWholeGridHasTrained() {
        List<Result> all = mlpGrid(0.84, 0.88, 0.86, 0.83);
        List<Result> partial = all.subList(1, all.size()); // mlp-t2-a0p5-s1 still training

        DistillationStatus status = run(partial);

        assertThat(status.getSelection()).isNull();
        assertThat(status.getBest()).isNull();
        assertThat(status.getStudents()).allMatch(s -> s.getSelected() == null);
        assertThat(selected(run(all), "mlp").getName()).isEqualTo("mlp-t2-a0p9");
    }

    @Test
    void theBestStudentIsChosenOnValidationAccuracyAcrossStudents() {
        List<Result> results = new java.util.ArrayList<>(mlpGrid(0.84, 0.84, 0.84, 0.84));
        for (String cell : List.of("cnn-t2-a0p5", "cnn-t2-a0p9", "cnn-t4-a0p5", "cnn-t4-a0p9")) {
            for (String seed : List.of("-s1", "-s2")) {
                // better validation than every mlp cell, worse test accuracy
                results.add(
                        new Result(cell + seed, cell.equals("cnn-t4-a0p5") ? 0.86 : 0.85, 0.70));
            }
        }

        DistillationStatus status = run(results);

        assertThat(status.getSelection())
                .extracting(SelectedStudent::getName)
                .containsExactly("mlp-t2-a0p5", "cnn-t4-a0p5");
        assertThat(status.getBest().getName()).isEqualTo("cnn-t4-a0p5");
        assertThat(status.getBest().getStudent()).isEqualTo("cnn");
        assertThat(status.getBest().getAccuracy()).isCloseTo(0.70, within(1e-9));
        assertThat(status.getBest().getValidationAccuracy()).isCloseTo(0.86, within(1e-9));
    }
}
