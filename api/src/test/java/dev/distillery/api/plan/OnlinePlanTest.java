package dev.distillery.api.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.spec.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan of {@code mode: online}: one keyed group step, its students' twins, the report. */
class OnlinePlanTest {

    static final String SPEC =
            """
            apiVersion: distillery.dev/v1alpha1
            kind: Distillation
            metadata: {name: group}
            spec:
              mode: online
              online: {temperature: 2, alpha: 0.4, teacherWarmupEpochs: 1}
              dataset: {name: fashion-mnist, limit: 3000}
              storage: {uri: 's3://bucket/kd'}
              teacher:
                model: 'cnn:8,16'
                training: {epochs: 3, batchSize: 64, seed: 7, lrSchedule: cosine}
              students:
                - {name: small, model: 'mlp:32'}
                - {name: tiny, model: 'mlp:8'}
              baseline: true
              resources:
                online: {cpu: '2', memory: 3Gi}
            """;

    private static Plan plan(String yaml) {
        return PlannerTest.plan(yaml);
    }

    @Test
    void oneStepTrainsTheGroupBesideTheTwinsAndTheReportReadsEveryNetwork() {
        Plan plan = plan(SPEC);

        assertThat(plan.steps())
                .extracting(PlannedStep::name)
                .containsExactly("baseline-small", "baseline-tiny", "online", "report");
        PlannedStep group = plan.step("online").orElseThrow();
        assertThat(group.stage()).isEqualTo(Stage.ONLINE);
        assertThat(group.dependsOn()).isEmpty();
        assertThat(group.output()).isEqualTo("s3://bucket/kd/online/" + group.key());
        assertThat(group.resources().cpu()).isEqualTo("2");
        assertThat(group.resources().memory()).isEqualTo("3Gi");
        assertThat(plan.steps(Stage.TEACHER)).isEmpty();
        assertThat(plan.steps(Stage.SOFT_LABELS)).isEmpty();
        PlannedStep report = plan.step("report").orElseThrow();
        assertThat(report.dependsOn())
                .containsExactlyInAnyOrder("online", "baseline-small", "baseline-tiny");
        assertThat(report.args())
                .containsSubsequence("--teacher", group.output() + "/teacher")
                .containsSubsequence("--student", "small=" + group.output() + "/student-small")
                .containsSubsequence("--student", "tiny=" + group.output() + "/student-tiny");
    }

    @Test
    void theGroupStepCarriesTheExactCommandLine() {
        PlannedStep group = plan(SPEC).step("online").orElseThrow();

        assertThat(group.args())
                .containsExactly(
                        "online",
                        "--output",
                        group.output(),
                        "--teacher-model",
                        "cnn:8,16",
                        "--data",
                        "file:///usr/share/datasets/fashion-mnist",
                        "--limit",
                        "3000",
                        "--split-seed",
                        "42",
                        "--epochs",
                        "3",
                        "--batch-size",
                        "64",
                        "--learning-rate",
                        "0.001",
                        "--seed",
                        "7",
                        "--lr-schedule",
                        "cosine",
                        "--student",
                        "small=mlp:32",
                        "--student",
                        "tiny=mlp:8",
                        "--temperature",
                        "2",
                        "--alpha",
                        "0.4",
                        "--teacher-warmup-epochs",
                        "1");
    }

    @Test
    void studentsOfTheGroupShowItsTemperatureAlphaAndTrainingAndTheirTwinsShareIt() {
        Plan plan = plan(SPEC);

        assertThat(plan.variants())
                .allSatisfy(
                        v -> {
                            assertThat(v.temperature()).isEqualTo(2.0);
                            assertThat(v.alpha()).isEqualTo(0.4);
                            assertThat(v.training().seed()).isEqualTo(7L);
                            assertThat(v.training().epochs()).isEqualTo(3);
                        });
        assertThat(plan.step("baseline-small").orElseThrow().args())
                .containsSubsequence("--epochs", "3")
                .containsSubsequence("--seed", "7");
    }

    @Test
    void theGroupsKeyIgnoresNameAndStorageButFollowsEverySettingThatShapesIt() {
        String key = key(SPEC);

        assertThat(key(SPEC.replace("name: group", "name: another"))).isEqualTo(key);
        assertThat(key(SPEC.replace("s3://bucket/kd", "file:///tmp/kd"))).isEqualTo(key);
        assertThat(key(SPEC.replace("cpu: '2'", "cpu: '4'"))).isEqualTo(key);
        Map<String, String> changed = new LinkedHashMap<>();
        changed.put("temperature", SPEC.replace("temperature: 2", "temperature: 3"));
        changed.put("alpha", SPEC.replace("alpha: 0.4", "alpha: 0.5"));
        changed.put("warm-up", SPEC.replace("teacherWarmupEpochs: 1", "teacherWarmupEpochs: 0"));
        changed.put("teacher", SPEC.replace("'cnn:8,16'", "'cnn:8,32'"));
        changed.put("student model", SPEC.replace("'mlp:8'", "'mlp:16'"));
        changed.put("student name", SPEC.replace("name: tiny", "name: wee"));
        changed.put("student dropped", SPEC.replace("    - {name: tiny, model: 'mlp:8'}\n", ""));
        changed.put("limit", SPEC.replace("limit: 3000", "limit: 2000"));
        changed.put("seed", SPEC.replace("seed: 7", "seed: 8"));
        changed.put("epochs", SPEC.replace("epochs: 3", "epochs: 4"));
        changed.put("schedule", SPEC.replace(", lrSchedule: cosine", ""));
        for (Map.Entry<String, String> change : changed.entrySet()) {
            assertThat(key(change.getValue())).as(change.getKey()).isNotEqualTo(key);
        }
    }

    @Test
    void aGpuInTheOnlineResourcesChoosesTheDevice() {
        PlannedStep group =
                plan(SPEC.replace("online: {cpu: '2', memory: 3Gi}", "online: {gpu: 1}"))
                        .step("online")
                        .orElseThrow();

        assertThat(group.args()).endsWith("--device", "gpu");
        assertThat(List.of(group.key())).containsExactly(key(SPEC));
    }

    private static String key(String yaml) {
        return plan(yaml).step("online").orElseThrow().key();
    }
}
