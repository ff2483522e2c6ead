package dev.distillery.cli.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.plan.Planner;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.StatusLayout;
import dev.distillery.api.status.StatusRollup;
import dev.distillery.api.status.StepResults;
import dev.distillery.contract.StepSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

    @Test
    void showsEveryTeacherMemberAndStudentWithGainAndCompression() throws IOException {
        Plan plan = plan();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        DistillationStatus status = StatusLayout.initial(plan, false, 1, now);
        for (PlannedStep step : plan.steps()) {
            StepResults.succeeded(status, plan, step.name(), summary(step), false, now);
        }
        StatusRollup.apply(status, false, 1, now);

        String table = ResultsTable.of(status);

        assertThat(table.lines().toList())
                .hasSize(5)
                .first()
                .asString()
                .startsWith("NAME")
                .contains("SCRATCH ACCURACY", "GAIN", "COMPRESSION");
        assertThat(table)
                .containsPattern("teacher-0 +mlp:64 +100,000 +90.00 %")
                .containsPattern("teacher \\(mean of 2\\) +90.00 %")
                .containsPattern("small +mlp:16 +10,000 +87.00 % +85.00 % +\\+2.00 pts +10.0x");
    }

    private static StepSummary summary(PlannedStep step) {
        return switch (step.stage()) {
            case TEACHER -> train(100_000, 0.90);
            case STUDENT -> train(10_000, 0.87);
            case BASELINE -> train(10_000, 0.85);
            default ->
                    new StepSummary(
                            step.stage().label(), null, null, null, null, 2000L, 1, false, null);
        };
    }

    private static StepSummary train(long parameters, double accuracy) {
        return new StepSummary(
                "train",
                null,
                accuracy,
                parameters,
                1,
                1800L,
                1,
                false,
                Map.of("testAccuracy", accuracy));
    }

    private static Plan plan() throws IOException {
        try (InputStream in = ResultsTableTest.class.getResourceAsStream("/tiny.yaml")) {
            Distillation distillation =
                    DistillationYaml.parse(
                            new String(in.readAllBytes(), StandardCharsets.UTF_8), "tiny.yaml");
            return Planner.plan(distillation, PlanSettings.withDefaultStorage("file:///tmp/a"));
        }
    }
}
