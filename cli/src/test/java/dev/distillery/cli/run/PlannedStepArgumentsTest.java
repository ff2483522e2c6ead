package dev.distillery.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.distillery.api.DistillationYaml;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.plan.Planner;
import dev.distillery.steps.cli.DistilleryStep;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.ParseResult;

/**
 * Every step the planner plans is a command line the steps accept: the planner and the step image
 * are two ends of one contract, and a flag one end adds must exist at the other (a soft-labels step
 * asked for a GPU was once planned with a {@code --device} its command did not have).
 */
class PlannedStepArgumentsTest {

    static final String SPEC =
            """
            apiVersion: distillery.dev/v1alpha1
            kind: Distillation
            metadata: {name: demo}
            spec:
              dataset: {name: fashion-mnist, limit: 5000}
              teacher: {model: 'cnn:16,32', ensemble: 2, training: {epochs: 2}}
              softLabels: {precision: fp16, calibrate: true}
              students:
                - {name: mlp, model: 'mlp:64', alpha: 0.7}
                - {name: cnn, model: 'cnn:4,8', training: {epochs: 3}}
              sweep: {temperature: [2, 4]}
              baseline: true
            """;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "  resources: {teacher: {gpu: 1}, softLabels: {gpu: 1}, students: {gpu: 1}}\n",
                "  resources: {teacher: {gpu: 2}, softLabels: {gpu: 2}, students: {gpu: 4}}\n"
            })
    void everyPlannedStepParsesAsADistilleryStepCommand(String resources) {
        Plan plan =
                Planner.plan(
                        DistillationYaml.parse(SPEC + resources, "demo.yaml"),
                        PlanSettings.withDefaultStorage("file:///tmp/run"));

        for (PlannedStep step : plan.steps()) {
            List<String> args = step.args();
            assertThatCode(() -> parse(args))
                    .as("step %s: distillery-step %s", step.name(), String.join(" ", args))
                    .doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"teacher-0", "soft-labels", "baseline-cnn"})
    void aStageGivenAGpuRunsOnIt(String name) {
        Plan plan =
                Planner.plan(
                        DistillationYaml.parse(
                                SPEC
                                        + "  resources: {teacher: {gpu: 1}, softLabels: {gpu: 1},"
                                        + " students: {gpu: 1}}\n",
                                "demo.yaml"),
                        PlanSettings.withDefaultStorage("file:///tmp/run"));

        PlannedStep step = plan.step(name).orElseThrow();
        ParseResult parsed = parse(step.args());
        assertThat(parsed.subcommand().matchedOptionValue("--device", "auto")).isEqualTo("gpu");
    }

    private static ParseResult parse(List<String> args) {
        return DistilleryStep.commandLine().parseArgs(args.toArray(String[]::new));
    }
}
