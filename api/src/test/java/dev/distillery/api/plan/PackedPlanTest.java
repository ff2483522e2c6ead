package dev.distillery.api.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.spec.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The plan of packed students ({@code students[].group}): one keyed step per group and seed trains
 * the group's variants on shared batches, one more their scratch twins, and the report reads every
 * packed student where its pack published it.
 */
class PackedPlanTest {

    static final String SPEC =
            """
            apiVersion: distillery.dev/v1alpha1
            kind: Distillation
            metadata: {name: packed}
            spec:
              dataset: {name: fashion-mnist, limit: 3000}
              storage: {uri: 's3://bucket/kd'}
              teacher: {model: 'cnn:8,16', training: {epochs: 3}}
              students:
                - {name: small, model: 'mlp:32', group: mlps, temperature: 2, training: {epochs: 4, batchSize: 64, learningRate: 0.002}}
                - {name: tiny, model: 'mlp:8', group: mlps, alpha: 0.5, training: {epochs: 4, batchSize: 64, lrSchedule: cosine}}
                - {name: alone, model: 'cnn:4,8', training: {epochs: 4}}
              sweep: {seed: [1, 2]}
              baseline: true
              resources:
                students: {cpu: '1'}
                packed: {cpu: '2', memory: 3Gi}
            """;

    private static Plan plan(String yaml) {
        return PlannerTest.plan(yaml);
    }

    @Test
    void oneStepPerGroupAndSeedTrainsItsVariantsAndOneMoreTheirTwins() {
        Plan plan = plan(SPEC);

        assertThat(plan.steps())
                .extracting(PlannedStep::name)
                .containsExactly(
                        "teacher-0",
                        "soft-labels",
                        "baseline-alone-s1",
                        "baseline-alone-s2",
                        "baseline-pack-mlps-s1",
                        "baseline-pack-mlps-s2",
                        "student-alone-s1",
                        "student-alone-s2",
                        "pack-mlps-s1",
                        "pack-mlps-s2",
                        "report");
        PlannedStep pack = plan.step("pack-mlps-s1").orElseThrow();
        assertThat(pack.stage()).isEqualTo(Stage.STUDENT);
        assertThat(pack.packed()).containsExactly("small-s1", "tiny-s1");
        assertThat(pack.dependsOn()).containsExactly("soft-labels");
        assertThat(pack.output()).isEqualTo("s3://bucket/kd/student/" + pack.key());
        assertThat(pack.resources().cpu()).isEqualTo("2");
        assertThat(pack.resources().memory()).isEqualTo("3Gi");
        assertThat(plan.studentStep("tiny-s2").orElseThrow().name()).isEqualTo("pack-mlps-s2");
        PlannedStep twins = plan.step("baseline-pack-mlps-s2").orElseThrow();
        assertThat(twins.stage()).isEqualTo(Stage.BASELINE);
        assertThat(twins.packed()).containsExactly("small", "tiny");
        assertThat(twins.dependsOn()).isEmpty();
        assertThat(plan.baselineStep("small-s2").orElseThrow().name())
                .isEqualTo("baseline-pack-mlps-s2");
        assertThat(plan.step("student-alone-s1").orElseThrow().resources().cpu()).isEqualTo("1");
    }

    @Test
    void theReportReadsEveryPackedStudentAndTwinWhereItsPackPublishedIt() {
        Plan plan = plan(SPEC);
        PlannedStep pack = plan.step("pack-mlps-s1").orElseThrow();
        PlannedStep twins = plan.step("baseline-pack-mlps-s1").orElseThrow();
        PlannedStep report = plan.step("report").orElseThrow();

        assertThat(report.args())
                .containsSubsequence("--student", "small-s1=" + pack.output() + "/student-small-s1")
                .containsSubsequence("--student", "tiny-s1=" + pack.output() + "/student-tiny-s1")
                .containsSubsequence("--baseline", "small-s1=" + twins.output() + "/student-small")
                .containsSubsequence("--baseline", "tiny-s1=" + twins.output() + "/student-tiny");
        assertThat(report.dependsOn())
                .contains("pack-mlps-s1", "pack-mlps-s2", "baseline-pack-mlps-s1");
    }

    @Test
    void thePackCarriesTheExactCommandLine() {
        Plan plan = plan(SPEC);
        PlannedStep pack = plan.step("pack-mlps-s1").orElseThrow();
        String softLabels = plan.step("soft-labels").orElseThrow().output();

        assertThat(pack.args())
                .containsExactly(
                        "packed",
                        "--output",
                        pack.output(),
                        "--data",
                        "file:///usr/share/datasets/fashion-mnist",
                        "--limit",
                        "3000",
                        "--split-seed",
                        "42",
                        "--epochs",
                        "4",
                        "--batch-size",
                        "64",
                        "--seed",
                        "1",
                        "--teacher-logits",
                        softLabels,
                        "--student",
                        "small-s1",
                        "--model",
                        "mlp:32",
                        "--learning-rate",
                        "0.002",
                        "--temperature",
                        "2",
                        "--alpha",
                        "0.9",
                        "--student",
                        "tiny-s1",
                        "--model",
                        "mlp:8",
                        "--learning-rate",
                        "0.001",
                        "--temperature",
                        "4",
                        "--alpha",
                        "0.5",
                        "--lr-schedule",
                        "cosine");
        assertThat(plan.step("baseline-pack-mlps-s1").orElseThrow().args())
                .doesNotContain("--teacher-logits", "--temperature", "--alpha")
                .containsSubsequence("--student", "small", "--model", "mlp:32");
    }

    @Test
    void aConsistentPackLoadsTheTeachersItselfWithEachStudentsHintWeight() {
        Plan plan =
                plan(
                        """
                        apiVersion: distillery.dev/v1alpha1
                        kind: Distillation
                        metadata: {name: packed}
                        spec:
                          dataset: {name: fashion-mnist, limit: 3000}
                          storage: {uri: 's3://bucket/kd'}
                          teacher: {model: 'cnn:8,16', ensemble: 2, training: {epochs: 3}}
                          softLabels: {mode: consistent}
                          students:
                            - {name: small, model: 'cnn:4,8', group: cnns, hintWeight: 0.5}
                            - {name: tiny, model: 'mlp:8', group: cnns}
                        """);
        PlannedStep pack = plan.step("pack-cnns").orElseThrow();
        String first = plan.step("teacher-0").orElseThrow().output();
        String second = plan.step("teacher-1").orElseThrow().output();

        assertThat(plan.steps()).extracting(PlannedStep::name).doesNotContain("soft-labels");
        assertThat(pack.dependsOn()).containsExactly("teacher-0", "teacher-1");
        assertThat(pack.args())
                .containsSubsequence("--teacher", first, "--teacher", second)
                .containsSubsequence(
                        "--student", "small", "--model", "cnn:4,8", "--hint-weight", "0.5")
                .doesNotContain("--teacher-logits");
        assertThat(pack.args().subList(pack.args().indexOf("tiny"), pack.args().size()))
                .doesNotContain("--hint-weight");
    }

    @Test
    void thePacksKeyFollowsEveryPackedStudentsRecipeButNotItsName() {
        String key = key(SPEC);

        assertThat(key(SPEC.replace("name: packed", "name: another"))).isEqualTo(key);
        assertThat(key(SPEC.replace("s3://bucket/kd", "file:///tmp/kd"))).isEqualTo(key);
        assertThat(key(SPEC.replace("packed: {cpu: '2'", "packed: {cpu: '4'"))).isEqualTo(key);
        assertThat(key(SPEC.replace("model: 'cnn:4,8'", "model: 'cnn:4,16'"))).isEqualTo(key);
        Map<String, String> changed = new LinkedHashMap<>();
        changed.put("a student's temperature", SPEC.replace("temperature: 2", "temperature: 3"));
        changed.put("a student's alpha", SPEC.replace("alpha: 0.5", "alpha: 0.6"));
        changed.put("a student's model", SPEC.replace("'mlp:8'", "'mlp:16'"));
        changed.put("a student's learning rate", SPEC.replace("0.002", "0.003"));
        changed.put("a student's schedule", SPEC.replace(", lrSchedule: cosine", ""));
        changed.put("a student's name", SPEC.replace("name: tiny", "name: wee"));
        changed.put(
                "a student unpacked",
                SPEC.replace("model: 'mlp:8', group: mlps,", "model: 'mlp:8',"));
        changed.put("the teacher", SPEC.replace("'cnn:8,16'", "'cnn:8,32'"));
        changed.put("the limit", SPEC.replace("limit: 3000", "limit: 2000"));
        changed.put(
                "the pack's epochs",
                SPEC.replace(
                                "epochs: 4, batchSize: 64, learningRate",
                                "epochs: 5, batchSize: 64, learningRate")
                        .replace(
                                "epochs: 4, batchSize: 64, lrSchedule",
                                "epochs: 5, batchSize: 64, lrSchedule"));
        for (Map.Entry<String, String> change : changed.entrySet()) {
            assertThat(key(change.getValue())).as(change.getKey()).isNotEqualTo(key);
        }
    }

    @Test
    void unpackedStudentsKeepTheirKeys() {
        String unpacked = SPEC.replace(" group: mlps,", "");
        Plan packed = plan(SPEC);
        Plan alone = plan(unpacked);

        assertThat(packed.step("student-alone-s1").orElseThrow().key())
                .isEqualTo(alone.step("student-alone-s1").orElseThrow().key());
        assertThat(alone.steps()).extracting(PlannedStep::name).contains("student-small-s1");
        assertThat(alone.steps()).noneMatch(PlannedStep::isPack);
    }

    @Test
    void aGpuInThePackedResourcesChoosesTheDeviceWithoutChangingTheKey() {
        PlannedStep pack =
                plan(SPEC.replace("packed: {cpu: '2', memory: 3Gi}", "packed: {gpu: 1}"))
                        .step("pack-mlps-s1")
                        .orElseThrow();

        assertThat(pack.args()).endsWith("--device", "gpu");
        assertThat(List.of(pack.key())).containsExactly(key(SPEC));
    }

    private static String key(String yaml) {
        return plan(yaml).step("pack-mlps-s1").orElseThrow().key();
    }
}
