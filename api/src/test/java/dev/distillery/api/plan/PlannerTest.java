package dev.distillery.api.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import dev.distillery.api.spec.Stage;
import dev.distillery.api.validation.FieldError;
import dev.distillery.api.validation.InvalidDistillationException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {

    static final String SPEC =
            """
            apiVersion: distillery.dev/v1alpha1
            kind: Distillation
            metadata: {name: demo}
            spec:
              dataset: {name: fashion-mnist, limit: 5000}
              storage: {uri: 's3://bucket/kd/'}
              teacher:
                model: 'cnn:16,32'
                ensemble: 2
                training: {epochs: 2, batchSize: 64, learningRate: 0.001, seed: 1}
              softLabels: {precision: fp16}
              students:
                - {name: mlp, model: 'mlp:64', temperature: 4, alpha: 0.7, training: {epochs: 3}}
                - {name: cnn, model: 'cnn:4,8', training: {epochs: 3}}
              baseline: true
            """;

    static Plan plan(String yaml) {
        return Planner.plan(DistillationYaml.parse(yaml, "demo.yaml"), PlanSettings.CLUSTER);
    }

    @Test
    void planShapeIsTeachersThenSoftLabelsThenStudentsAndBaselinesThenReport() {
        Plan plan = plan(SPEC);

        assertThat(plan.steps())
                .extracting(PlannedStep::name)
                .containsExactly(
                        "teacher-0",
                        "teacher-1",
                        "soft-labels",
                        "baseline-mlp",
                        "baseline-cnn",
                        "student-mlp",
                        "student-cnn",
                        "report");
        assertThat(plan.step("soft-labels").orElseThrow().dependsOn())
                .containsExactly("teacher-0", "teacher-1");
        assertThat(plan.step("student-mlp").orElseThrow().dependsOn())
                .containsExactly("soft-labels");
        assertThat(plan.step("baseline-mlp").orElseThrow().dependsOn()).isEmpty();
        assertThat(plan.step("report").orElseThrow().dependsOn())
                .containsExactlyInAnyOrder(
                        "soft-labels",
                        "teacher-0",
                        "teacher-1",
                        "student-mlp",
                        "student-cnn",
                        "baseline-mlp",
                        "baseline-cnn");
        assertDependenciesComeFirst(plan);
        assertThat(plan.baselineStep("mlp").orElseThrow().name()).isEqualTo("baseline-mlp");
        assertThat(plan.studentStep("cnn").orElseThrow().name()).isEqualTo("student-cnn");
    }

    @Test
    void stepsCarryTheExactStepCommandLines() {
        Plan plan = plan(SPEC);
        PlannedStep teacher = plan.step("teacher-1").orElseThrow();
        PlannedStep softLabels = plan.step("soft-labels").orElseThrow();
        PlannedStep student = plan.step("student-mlp").orElseThrow();
        PlannedStep baseline = plan.step("baseline-mlp").orElseThrow();

        assertThat(teacher.output()).isEqualTo("s3://bucket/kd/teacher/" + teacher.key());
        assertThat(teacher.args())
                .containsExactly(
                        "train",
                        "--output",
                        teacher.output(),
                        "--model",
                        "cnn:16,32",
                        "--data",
                        "file:///usr/share/datasets/fashion-mnist",
                        "--limit",
                        "5000",
                        "--split-seed",
                        "42",
                        "--epochs",
                        "2",
                        "--batch-size",
                        "64",
                        "--learning-rate",
                        "0.001",
                        "--seed",
                        "2");
        assertThat(softLabels.args())
                .containsExactly(
                        "soft-labels",
                        "--output",
                        softLabels.output(),
                        "--teacher",
                        plan.step("teacher-0").orElseThrow().output(),
                        "--teacher",
                        teacher.output(),
                        "--data",
                        "file:///usr/share/datasets/fashion-mnist",
                        "--limit",
                        "5000",
                        "--split-seed",
                        "42",
                        "--precision",
                        "fp16");
        assertThat(student.args())
                .containsSubsequence("train", "--model", "mlp:64")
                .containsSubsequence("--epochs", "3", "--batch-size", "128", "--seed", "1")
                .endsWith(
                        "--teacher-logits",
                        softLabels.output(),
                        "--temperature",
                        "4",
                        "--alpha",
                        "0.7");
        assertThat(baseline.args())
                .containsSubsequence("train", "--model", "mlp:64", "--epochs", "3")
                .doesNotContain("--teacher-logits", "--alpha");
        assertThat(plan.step("report").orElseThrow().args())
                .startsWith("report", "--output")
                // the soft-labels step scored the ensemble: the teacher of every gap closure
                .containsSubsequence("--soft-labels", softLabels.output())
                .contains(
                        "--student",
                        "mlp=" + student.output(),
                        "--baseline",
                        "mlp=" + baseline.output());
    }

    @Test
    void shardedSoftLabelsGetShardFlagsPerIndex() {
        PlannedStep softLabels =
                plan(SPEC.replace("precision: fp16", "precision: fp16, shards: 4"))
                        .step("soft-labels")
                        .orElseThrow();

        assertThat(softLabels.shards()).isEqualTo(4);
        assertThat(softLabels.args()).doesNotContain("--shard");
        assertThat(softLabels.argsForShard("$(JOB_COMPLETION_INDEX)"))
                .endsWith(
                        "--shard",
                        "$(JOB_COMPLETION_INDEX)",
                        "--shards",
                        "4",
                        "--log",
                        softLabels.output() + ".shard-$(JOB_COMPLETION_INDEX).log");
    }

    @Test
    void everyRunStoresItsLogBesideItsArtifactOutsideIt() {
        Plan plan = plan(SPEC);

        for (PlannedStep step : plan.steps()) {
            assertThat(step.args()).doesNotContain("--log");
            assertThat(step.argsForShard("0"))
                    .endsWith("--log", step.output() + ".log")
                    .startsWith(step.args().toArray(String[]::new));
        }
        assertThat(plan.step("teacher-0").orElseThrow().log("0"))
                .matches("s3://bucket/kd/teacher/[0-9a-f]+\\.log");
    }

    @Test
    void shardedSoftLabelsAreCompleteWhenEveryShardIs() {
        Plan plan = plan(SPEC.replace("precision: fp16", "precision: fp16, shards: 2"));
        PlannedStep softLabels = plan.step("soft-labels").orElseThrow();

        assertThat(softLabels.artifacts())
                .containsExactly(
                        softLabels.output() + "/shard-00000-of-00002",
                        softLabels.output() + "/shard-00001-of-00002");
        assertThat(plan.step("teacher-0").orElseThrow().artifacts())
                .containsExactly(plan.step("teacher-0").orElseThrow().output());
    }

    @Test
    void everyMemberTheSoftLabelsAndEveryStudentHoldOutTheDistillationsOneSplit() {
        Plan defaults = plan(SPEC);
        Plan chosen = plan(SPEC.replace("limit: 5000}", "limit: 5000, splitSeed: 9}"));

        for (Plan plan : List.of(defaults, chosen)) {
            String expected = plan == defaults ? "42" : "9";
            for (PlannedStep step : plan.steps()) {
                if (step.stage() == Stage.REPORT) {
                    continue;
                }
                assertThat(step.args())
                        .as(step.name())
                        .containsSubsequence("--split-seed", expected);
            }
        }
        // The members train with seeds 1 and 2 but hold out the same samples.
        assertThat(defaults.step("teacher-0").orElseThrow().args())
                .containsSubsequence("--seed", "1");
        assertThat(defaults.step("teacher-1").orElseThrow().args())
                .containsSubsequence("--seed", "2");
        assertThat(keys(chosen).values()).doesNotContainAnyElementsOf(keys(defaults).values());
    }

    @Test
    void augmentedViewsAreLabelledWithTheTeacherSeed() {
        Plan plain = plan(SPEC);
        Plan views =
                plan(
                        SPEC.replace("precision: fp16", "precision: fp16, views: 5")
                                .replace("epochs: 3}", "epochs: 3, augment: true}"));

        assertThat(views.step("soft-labels").orElseThrow().args())
                .endsWith("--augment", "--views", "5", "--seed", "1");
        assertThat(plain.step("soft-labels").orElseThrow().args()).doesNotContain("--augment");
        assertThat(views.step("soft-labels").orElseThrow().key())
                .isNotEqualTo(plain.step("soft-labels").orElseThrow().key());
    }

    @Test
    void gpusInTheStageResourcesChooseTheDevice() {
        Plan plan = plan(SPEC + "  resources: {teacher: {gpu: 2}, students: {gpu: 1, cpu: '4'}}\n");

        assertThat(plan.step("teacher-0").orElseThrow().args()).endsWith("--device", "gpu:all");
        assertThat(plan.step("student-mlp").orElseThrow().args())
                .containsSubsequence("--device", "gpu");
        assertThat(plan.step("student-mlp").orElseThrow().resources().cpu()).isEqualTo("4");
        assertThat(plan.step("soft-labels").orElseThrow().args()).doesNotContain("--device");
    }

    @Test
    void keysIgnoreTheResourceNameAndStorageButNotTheSeed() {
        Plan original = plan(SPEC);
        Plan renamed = plan(SPEC.replace("name: demo", "name: another-run"));
        Plan elsewhere = plan(SPEC.replace("s3://bucket/kd/", "file:///tmp/kd"));
        Plan reseeded = plan(SPEC.replace("seed: 1}", "seed: 5}"));

        assertThat(keys(renamed)).isEqualTo(keys(original));
        assertThat(keys(elsewhere)).isEqualTo(keys(original));
        assertThat(elsewhere.step("teacher-0").orElseThrow().output())
                .startsWith("file:///tmp/kd/teacher/");
        Map<String, String> before = keys(original);
        Map<String, String> after = keys(reseeded);
        // The teacher seed changes the teachers, so everything downstream of them changes too;
        // baselines do not read the teacher and keep their keys.
        for (String step : List.of("teacher-0", "teacher-1", "soft-labels", "student-mlp")) {
            assertThat(after.get(step)).as(step).isNotEqualTo(before.get(step));
        }
        assertThat(after.get("baseline-mlp")).isEqualTo(before.get("baseline-mlp"));
    }

    @Test
    void everySettingThatShapesAnOutputChangesItsKey() {
        Map<String, String> base = keys(plan(SPEC));
        Map<String, String> alpha = keys(plan(SPEC.replace("alpha: 0.7", "alpha: 0.8")));
        Map<String, String> limit = keys(plan(SPEC.replace("limit: 5000", "limit: 4000")));
        Map<String, String> precision = keys(plan(SPEC.replace("fp16", "fp32")));

        assertThat(alpha.get("student-mlp")).isNotEqualTo(base.get("student-mlp"));
        assertThat(alpha.get("baseline-mlp")).isEqualTo(base.get("baseline-mlp"));
        assertThat(alpha.get("student-cnn")).isEqualTo(base.get("student-cnn"));
        assertThat(limit.values()).doesNotContainAnyElementsOf(base.values());
        assertThat(precision.get("teacher-0")).isEqualTo(base.get("teacher-0"));
        assertThat(precision.get("soft-labels")).isNotEqualTo(base.get("soft-labels"));
        assertThat(precision.get("student-mlp")).isNotEqualTo(base.get("student-mlp"));
    }

    @Test
    void aSweepSharesOneBaselinePerArchitectureAndSeed() {
        Plan plan =
                plan(
                        SPEC.replace("name: cnn, model: 'cnn:4,8'", "name: mlp2, model: 'mlp:64'")
                                + "  sweep: {temperature: [2, 4], seed: [1, 2]}\n");

        assertThat(plan.variants()).hasSize(8);
        assertThat(plan.steps(Stage.STUDENT)).hasSize(8);
        // mlp and mlp2 have the same model and training: one scratch twin per seed serves both
        assertThat(plan.steps(Stage.BASELINE))
                .extracting(PlannedStep::name)
                .containsExactly("baseline-mlp-s1", "baseline-mlp-s2");
        assertThat(plan.baselineStep("mlp2-t4-s2").orElseThrow().name())
                .isEqualTo("baseline-mlp-s2");
        assertThat(plan.step("student-mlp2-t4-s2").orElseThrow().args())
                .containsSubsequence("--seed", "2")
                .containsSubsequence("--temperature", "4");
        assertThat(plan.steps()).extracting(PlannedStep::key).doesNotHaveDuplicates();
    }

    @Test
    void aPretrainedTeacherSkipsTeacherTraining() {
        Plan plan =
                plan(
                        SPEC.replace(
                                """
                                    model: 'cnn:16,32'
                                    ensemble: 2
                                    training: {epochs: 2, batchSize: 64, learningRate: 0.001, seed: 1}
                                """,
                                "    pretrained: ['s3://models/t1', 's3://models/t2']\n"));

        // Each member is scored (evaluate), not trained; nothing waits for the scores.
        assertThat(plan.steps(Stage.TEACHER))
                .extracting(PlannedStep::name)
                .containsExactly("teacher-0", "teacher-1");
        PlannedStep scored = plan.step("teacher-1").orElseThrow();
        assertThat(scored.scoresPretrained()).isTrue();
        assertThat(scored.args())
                .startsWith("evaluate", "--output", scored.output())
                .containsSubsequence("--model", "s3://models/t2")
                .containsSubsequence("--data", "file:///usr/share/datasets/fashion-mnist")
                .containsSubsequence("--limit", "5000");
        assertThat(scored.output()).startsWith("s3://bucket/kd/teacher/");
        assertThat(scored.key()).isNotEqualTo(plan.step("teacher-0").orElseThrow().key());
        PlannedStep softLabels = plan.step("soft-labels").orElseThrow();
        assertThat(softLabels.dependsOn()).isEmpty();
        assertThat(plan.step("report").orElseThrow().dependsOn())
                .doesNotContain("teacher-0", "teacher-1");
        assertThat(softLabels.args())
                .containsSubsequence("--teacher", "s3://models/t1", "--teacher", "s3://models/t2");
        assertThat(plan.step("report").orElseThrow().args())
                .containsSubsequence("--teacher", "s3://models/t1");
    }

    @Test
    void explicitMembersKeepTheirModelsAndSeeds() {
        Plan plan =
                plan(
                        SPEC.replace(
                                "    model: 'cnn:16,32'\n    ensemble: 2\n",
                                "    members: [{model: 'cnn:32,64', seed: 9}, {model: 'resnet:16,32'}]\n"));

        assertThat(plan.step("teacher-0").orElseThrow().args())
                .containsSubsequence("--model", "cnn:32,64")
                .containsSubsequence("--seed", "9");
        assertThat(plan.step("teacher-1").orElseThrow().args())
                .containsSubsequence("--model", "resnet:16,32")
                .containsSubsequence("--seed", "2");
    }

    @Test
    void theQuickstartPlansSixteenStepsWithDistinctJobNames() {
        Distillation quickstart =
                DistillationYaml.read(Path.of("..", "examples", "quickstart.yaml"));
        Plan plan = Planner.plan(quickstart, PlanSettings.withDefaultStorage("file:///tmp/run/"));

        // 2 teachers, soft labels, 2 students x 3 seeds, their 6 scratch twins, the report
        assertThat(plan.steps()).hasSize(16);
        assertThat(plan.storage()).isEqualTo("file:///tmp/run");
        Set<String> jobs = new HashSet<>();
        for (PlannedStep step : plan.steps()) {
            String job = JobNames.of(quickstart.getMetadata().getName(), step.name());
            assertThat(job).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
            assertThat(jobs.add(job)).isTrue();
        }
    }

    @Test
    void theBenchmarkPlansEveryVariantWithinBounds() {
        Distillation benchmark =
                DistillationYaml.read(Path.of("..", "examples", "fashion-mnist.yaml"));
        Plan plan = Planner.plan(benchmark, PlanSettings.withDefaultStorage("file:///tmp/run"));

        assertThat(plan.steps(Stage.TEACHER)).hasSize(2);
        assertThat(plan.steps(Stage.STUDENT)).hasSize(18);
        assertThat(plan.steps(Stage.BASELINE)).hasSize(9);
        assertThat(plan.step("soft-labels").orElseThrow().shards()).isEqualTo(2);
        String longest = "a-distillation-name-of-sixty-three-characters-long-exactly-yes";
        for (PlannedStep step : plan.steps()) {
            assertThat(JobNames.of(longest, step.name())).hasSizeLessThanOrEqualTo(63);
        }
    }

    @Test
    void anInvalidSpecIsNotPlanned() {
        Distillation d =
                DistillationYaml.parseWithoutValidation(SPEC.replace("alpha: 0.7", "alpha: 7"))
                        .distillation();

        assertThatThrownBy(() -> Planner.plan(d, PlanSettings.CLUSTER))
                .isInstanceOf(InvalidDistillationException.class)
                .hasMessageContaining("spec.students[0].alpha: must be between 0 and 1, not 7.0");
    }

    @Test
    void aClusterPlanNeedsStorage() {
        Distillation d =
                DistillationYaml.parse(
                        SPEC.replace("  storage: {uri: 's3://bucket/kd/'}\n", ""), "x");

        assertThatThrownBy(() -> Planner.plan(d, PlanSettings.CLUSTER))
                .isInstanceOf(InvalidDistillationException.class)
                .extracting(e -> ((InvalidDistillationException) e).errors())
                .asList()
                .extracting(error -> ((FieldError) error).path())
                .containsExactly("spec.storage.uri");
    }

    @Test
    void longJobNamesAreCutWithAHashAndStayDistinct() {
        String name = "x".repeat(60);

        String a = JobNames.of(name, "student-a");
        String b = JobNames.of(name, "student-b");

        assertThat(a).hasSize(63).isNotEqualTo(b);
        assertThat(JobNames.of("demo", "teacher-0")).isEqualTo("demo-teacher-0");
    }

    @Test
    void consistentModeGivesStudentsTheTeachersAndPlansNoSoftLabels() {
        Plan plan =
                plan(
                        SPEC.replace(
                                        "softLabels: {precision: fp16}",
                                        "softLabels: {mode: consistent, ensembleCombine: logits}")
                                .replace(
                                        "{name: cnn, model: 'cnn:4,8', training: {epochs: 3}}",
                                        "{name: cnn, model: 'cnn:4,8', hintWeight: 0.5,"
                                                + " training: {epochs: 3, augment: true}}"));

        assertThat(plan.steps()).extracting(PlannedStep::stage).doesNotContain(Stage.SOFT_LABELS);
        PlannedStep cnn = plan.step("student-cnn").orElseThrow();
        PlannedStep teacher0 = plan.step("teacher-0").orElseThrow();
        PlannedStep teacher1 = plan.step("teacher-1").orElseThrow();
        assertThat(cnn.dependsOn()).containsExactly("teacher-0", "teacher-1");
        assertThat(String.join(" ", cnn.args()))
                .contains(
                        "--teacher "
                                + teacher0.output()
                                + " --teacher "
                                + teacher1.output()
                                + " --ensemble-combine logits --temperature 4 --alpha 0.9"
                                + " --hint-weight 0.5")
                .contains("--augment")
                .doesNotContain("--teacher-logits");
        assertThat(plan.step("student-mlp").orElseThrow().args()).doesNotContain("--hint-weight");
        // no step scored the combined teachers: the report measures gaps against the members
        assertThat(plan.step("report").orElseThrow().args()).doesNotContain("--soft-labels");
        assertDependenciesComeFirst(plan);
        Plan stored = plan(SPEC);
        assertThat(keys(plan).get("student-mlp")).isNotEqualTo(keys(stored).get("student-mlp"));
        assertThat(keys(plan).get("teacher-0")).isEqualTo(keys(stored).get("teacher-0"));
    }

    @Test
    void recipeSettingsBecomeFlagsAndKeysOnlyWhenSet() {
        Plan base = plan(SPEC);
        Plan recipe =
                plan(
                        SPEC.replace(
                                "alpha: 0.7, training: {epochs: 3}}",
                                "alpha: 0.7, training: {epochs: 30, lrSchedule: cosine,"
                                        + " warmupEpochs: 2, earlyStopping: 5,"
                                        + " labelSmoothing: 0.1}}"));
        assertThat(String.join(" ", recipe.step("student-mlp").orElseThrow().args()))
                .contains(
                        "--lr-schedule cosine --warmup-epochs 2 --early-stopping 5"
                                + " --label-smoothing 0.1");
        assertThat(String.join(" ", recipe.step("baseline-mlp").orElseThrow().args()))
                .contains("--lr-schedule cosine --warmup-epochs 2 --early-stopping 5");
        assertThat(base.step("student-mlp").orElseThrow().args())
                .doesNotContain("--lr-schedule", "--early-stopping", "--label-smoothing");
        assertThat(keys(recipe).get("student-mlp")).isNotEqualTo(keys(base).get("student-mlp"));
        assertThat(keys(recipe).get("student-cnn")).isEqualTo(keys(base).get("student-cnn"));
    }

    @Test
    void ensembleCombinationAndCalibrationReachTheSoftLabelsStep() {
        Plan plan =
                plan(
                        SPEC.replace(
                                "softLabels: {precision: fp16}",
                                "softLabels: {precision: fp16, ensembleCombine: logits, calibrate: true}"));
        PlannedStep softLabels = plan.step("soft-labels").orElseThrow();
        assertThat(String.join(" ", softLabels.args()))
                .contains("--split-seed 42")
                .contains("--ensemble-combine logits --calibrate")
                .doesNotContain("--seed 1");
        assertThat(softLabels.key())
                .isNotEqualTo(plan(SPEC).step("soft-labels").orElseThrow().key());
    }

    private static Map<String, String> keys(Plan plan) {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        plan.steps().forEach(step -> keys.put(step.name(), step.key()));
        return keys;
    }

    private static void assertDependenciesComeFirst(Plan plan) {
        Set<String> seen = new HashSet<>();
        for (PlannedStep step : plan.steps()) {
            assertThat(seen).as(step.name()).containsAll(step.dependsOn());
            seen.add(step.name());
        }
    }
}
