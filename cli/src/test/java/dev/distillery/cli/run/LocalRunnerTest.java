package dev.distillery.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.Planner;
import dev.distillery.api.status.StepPhase;
import dev.distillery.api.status.StepStatus;
import dev.distillery.cli.progress.LogProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runner starts steps by the rule the operator follows ({@code StepScheduler}), with a
 * shell script standing in for {@code distillery-step}: it notes its start and end and writes a
 * summary.
 */
class LocalRunnerTest {

    private static final String SPEC =
            """
            apiVersion: distillery.dev/v1alpha1
            kind: Distillation
            metadata: {name: demo}
            spec:
              dataset: {uri: 'file:///nowhere', limit: 100}
              teacher: {model: 'cnn:4', ensemble: 2}
              students:
                - {name: mlp, model: 'mlp:8'}
                - {name: cnn, model: 'cnn:2'}
              baseline: true
            """;

    /** The launcher's command line is $1..: the step's subcommand follows the main class. */
    private static final String FAKE_STEP =
            """
            for a; do
              if [ "$previous" = "%s" ]; then step=$a; fi
              previous=$a; last=$a
            done
            echo "+ $step" >> "$EVENTS"
            sleep 0.2
            if [ "$step" = "$FAIL" ]; then echo "- $step" >> "$EVENTS"; exit 1; fi
            printf '{"step":"%%s","accuracy":0.5,"seconds":0.2}' "$step" > "$last"
            echo "- $step" >> "$EVENTS"
            """
                    .formatted(StepLauncher.STEP_MAIN);

    @TempDir Path dir;

    private Optional<StepOutcome> run(int concurrency, String failing, List<String> events)
            throws IOException {
        Distillation distillation = DistillationYaml.parse(SPEC, "demo.yaml");
        Path eventsFile = dir.resolve("events");
        String script = "EVENTS='" + eventsFile + "'; FAIL='" + failing + "'\n" + FAKE_STEP;
        StepLauncher fake = new StepLauncher("/bin/sh", "", List.of("-c", script, "step"), 1);
        Optional<StepOutcome> failure;
        try (RunFolder folder = RunFolder.open(dir.resolve("run"), "f", Path.of("demo.yaml"));
                LogProgress display = new LogProgress(new PrintWriter(new StringWriter()))) {
            Plan plan = Planner.plan(distillation, new PlanSettings(folder.artifacts(), Map.of()));
            LocalRunner runner =
                    new LocalRunner(distillation, plan, folder, fake, concurrency, display);
            failure = runner.run();
        }
        events.addAll(Files.readAllLines(eventsFile));
        return failure;
    }

    @Test
    void runsEveryStepWithAtMostConcurrencyAtOnce() throws IOException {
        List<String> events = new ArrayList<>();

        Optional<StepOutcome> failure = run(2, "none", events);

        assertThat(failure).isEmpty();
        int running = 0;
        int most = 0;
        for (String event : events) {
            running += event.startsWith("+") ? 1 : -1;
            most = Math.max(most, running);
        }
        assertThat(most).isEqualTo(2);
        assertThat(events.stream().filter(e -> e.startsWith("+"))).hasSize(8);
    }

    @Test
    void aFailedStepStopsNewStartsAsOnTheCluster() throws IOException {
        List<String> events = new ArrayList<>();

        Optional<StepOutcome> failure = run(1, "soft-labels", events);

        assertThat(failure).map(StepOutcome::step).contains("soft-labels");
        assertThat(events.get(events.size() - 1)).isEqualTo("- soft-labels");
        assertThat(events).doesNotContain("+ report");
    }

    @Test
    void theStatusRecordsEveryStepSucceeded() throws IOException {
        Distillation distillation = DistillationYaml.parse(SPEC, "demo.yaml");
        Path eventsFile = dir.resolve("events");
        String script = "EVENTS='" + eventsFile + "'; FAIL=none\n" + FAKE_STEP;
        StepLauncher fake = new StepLauncher("/bin/sh", "", List.of("-c", script, "step"), 1);
        try (RunFolder folder = RunFolder.open(dir.resolve("run"), "f", Path.of("demo.yaml"));
                LogProgress display = new LogProgress(new PrintWriter(new StringWriter()))) {
            Plan plan = Planner.plan(distillation, new PlanSettings(folder.artifacts(), Map.of()));
            new LocalRunner(distillation, plan, folder, fake, 3, display).run();
        }
        assertThat(distillation.getStatus().getSteps())
                .extracting(StepStatus::getPhase)
                .containsOnly(StepPhase.SUCCEEDED);
    }
}
