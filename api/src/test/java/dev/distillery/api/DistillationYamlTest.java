package dev.distillery.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.Planner;
import dev.distillery.api.spec.Mode;
import dev.distillery.api.spec.Precision;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.Phase;
import dev.distillery.api.status.StatusLayout;
import dev.distillery.api.status.StatusRollup;
import dev.distillery.api.status.StepResults;
import dev.distillery.api.validation.FieldError;
import dev.distillery.api.validation.InvalidDistillationException;
import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistillationYamlTest {

    static final String VALID =
            """
            apiVersion: distillery.dev/v1alpha1
            kind: Distillation
            metadata:
              name: demo
            spec:
              dataset:
                name: fashion-mnist
                limit: 1000
              teacher:
                model: cnn:16,32
                ensemble: 2
              students:
                - name: small
                  model: mlp:64
                  temperature: 4
                  alpha: 0.7
                - name: tiny
                  model: cnn:4,8
            """;

    @Test
    void readsAValidSpecAndFillsDefaults() {
        Distillation d = DistillationYaml.parse(VALID, "demo.yaml");

        assertThat(d.getMetadata().getName()).isEqualTo("demo");
        assertThat(d.getSpec().students()).hasSize(2);
        assertThat(d.getSpec().students().get(0).alpha()).isEqualTo(0.7);
        assertThat(d.getSpec().students().get(1).temperature()).isEqualTo(4.0);
        assertThat(d.getSpec().students().get(1).alpha()).isEqualTo(0.9);
        assertThat(d.getSpec().mode()).isEqualTo(Mode.OFFLINE);
        assertThat(d.getSpec().softLabels().precision()).isEqualTo(Precision.FP32);
        assertThat(d.getSpec().teacher().training().epochs()).isEqualTo(10);
        assertThat(d.getSpec().parallelism()).isEqualTo(4);
    }

    /**
     * Kubernetes quantities inside pod settings (an emptyDir's sizeLimit, an env var's divisor)
     * read as they do on the API server: fabric8's Quantity reads a tree of its own, which the
     * strict reader's trailing-token check once mistook for trailing content.
     */
    @Test
    void readsKubernetesQuantitiesInsidePodSettings() {
        String text =
                VALID
                        + """
                          pod:
                            env:
                              - name: MEMORY_MIB
                                valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}
                            volumes:
                              - {name: shm, emptyDir: {medium: Memory, sizeLimit: 1Gi}}
                            volumeMounts:
                              - {name: shm, mountPath: /dev/shm}
                        """;

        Distillation d = DistillationYaml.parse(text, "demo.yaml");

        assertThat(d.getSpec().pod().volumes().get(0).getEmptyDir().getSizeLimit())
                .hasToString("1Gi");
        assertThat(d.getSpec().pod().env().get(0).getValueFrom().getResourceFieldRef().getDivisor())
                .hasToString("1Mi");
    }

    @Test
    void anUnknownFieldIsAnErrorNamingItsPath() {
        String typo = VALID.replace("      alpha: 0.7", "      alpah: 0.7");

        assertThatThrownBy(() -> DistillationYaml.parse(typo, "demo.yaml"))
                .isInstanceOf(InvalidDistillationException.class)
                .hasMessageContaining("demo.yaml")
                .hasMessageContaining("spec.students[0].alpah: unknown field")
                .hasMessageContaining("alpha");
    }

    @Test
    void everyUnknownFieldAndWrongValueIsListedAtOnce() {
        String text =
                VALID.replace("    limit: 1000", "    limit: 1000\n    split: 0.1")
                        .replace("    ensemble: 2", "    ensemble: two")
                        .replace("      model: cnn:4,8", "      model: cnn:4,8\n      color: red")
                        .replace("spec:\n", "spec:\n  mode: sideways\n");

        List<FieldError> errors = DistillationYaml.parseWithoutValidation(text).errors();

        assertThat(errors)
                .extracting(FieldError::path)
                .containsExactlyInAnyOrder(
                        "spec.mode",
                        "spec.dataset.split",
                        "spec.teacher.ensemble",
                        "spec.students[1].color");
        assertThat(errors)
                .filteredOn(e -> e.path().equals("spec.mode"))
                .extracting(FieldError::reason)
                .containsExactly("'sideways' is not one of offline, online");
        assertThat(errors)
                .filteredOn(e -> e.path().equals("spec.teacher.ensemble"))
                .extracting(FieldError::reason)
                .containsExactly("'two' is not an integer");
    }

    @Test
    void unknownFieldsAndRuleViolationsAreListedTogether() {
        String text =
                VALID.replace("      alpha: 0.7", "      alpha: 1.5")
                        .replace("      model: cnn:4,8", "      model: cnn:4,8\n      alpah: 0.5")
                        .replace("spec:\n", "spec:\n  sweep: {temperature: [2, 4, 2]}\n");

        assertThatThrownBy(() -> DistillationYaml.parse(text, "examples/bad.yaml"))
                .hasMessage(
                        """
                        examples/bad.yaml is not a valid Distillation (3 problems):
                          spec.students[1].alpah: unknown field (known: alpha, group, hintWeight, model, name,\
                         temperature, training)
                          spec.students[0].alpha: must be between 0 and 1, not 1.5
                          spec.sweep.temperature[2]: 2.0 is listed twice\
                        """);
    }

    @Test
    void aValueReadAsAbsentIsReportedOnce() {
        String text = VALID.replace("    ensemble: 2", "    ensemble: [2]");

        assertThatThrownBy(() -> DistillationYaml.parse(text, "demo.yaml"))
                .hasMessageContaining("(1 problem)")
                .hasMessageContaining("spec.teacher.ensemble: must be an integer, not a list");
    }

    @Test
    void aListWhereAMapBelongsNamesTheField() {
        String text =
                VALID.replace("    name: fashion-mnist\n    limit: 1000", "    - fashion-mnist");

        assertThatThrownBy(() -> DistillationYaml.parse(text, "demo.yaml"))
                .hasMessageContaining("spec.dataset");
    }

    @Test
    void theHeaderMustNameThisResource() {
        String text =
                VALID.replace("distillery.dev/v1alpha1", "batch/v1")
                        .replace("kind: Distillation", "kind: Job");

        List<FieldError> errors = DistillationYaml.parseWithoutValidation(text).errors();

        assertThat(errors)
                .containsExactly(
                        new FieldError(
                                "apiVersion", "must be distillery.dev/v1alpha1, not 'batch/v1'"),
                        new FieldError("kind", "must be Distillation, not 'Job'"));
    }

    @Test
    void aSecondDocumentInTheFileIsAnError() {
        assertThatThrownBy(() -> DistillationYaml.parse(VALID + "---\n" + VALID, "two.yaml"))
                .isInstanceOf(InvalidDistillationException.class)
                .hasMessageContaining("two.yaml")
                .hasMessageContaining("one Distillation per file");
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThatThrownBy(() -> DistillationYaml.parse("spec: [\n  a: b\n", "broken.yaml"))
                .isInstanceOf(InvalidDistillationException.class)
                .hasMessageContaining("broken.yaml")
                .hasMessageContaining("line ");
    }

    @Test
    void aMissingFileIsBadInputNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> DistillationYaml.read(missing))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining(missing.toString())
                .extracting(e -> ((DistilleryException) e).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void writtenYamlReadsBackToTheSameResource(@TempDir Path dir) throws Exception {
        Distillation d = DistillationYaml.parse(VALID, "demo.yaml");
        Path file = dir.resolve("distillation.yaml");
        Files.writeString(file, DistillationYaml.toYaml(d));

        Distillation again = DistillationYaml.read(file);

        assertThat(again.getSpec()).isEqualTo(d.getSpec());
        assertThat(DistillationYaml.toJson(again)).contains("\"kind\" : \"Distillation\"");
    }

    @Test
    void aStatusSurvivesTheRoundTripThroughYaml() {
        Distillation d = DistillationYaml.parse(VALID, "demo.yaml");
        Plan plan = Planner.plan(d, PlanSettings.withDefaultStorage("file:///tmp/kd"));
        DistillationStatus status =
                StatusLayout.initial(plan, false, 3, Instant.parse("2026-11-28T10:00:00Z"));
        StepResults.failed(status, "teacher-1", "NaN loss", Instant.parse("2026-11-28T10:05:00Z"));
        StatusRollup.apply(status, false, 3, Instant.parse("2026-11-28T10:05:00Z"));
        d.setStatus(status);

        Distillation again = DistillationYaml.parse(DistillationYaml.toYaml(d), "written.yaml");

        assertThat(again.getStatus()).isEqualTo(status);
        assertThat(again.getStatus().getPhase()).isEqualTo(Phase.FAILED);
        assertThat(DistillationYaml.toYaml(d))
                .contains("phase: Failed")
                .contains("type: Succeeded")
                .contains("lastTransitionTime: 2026-11-28T10:00:00Z");
    }

    @Test
    void theExamplesParseAndValidate() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
            examples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(7);
        for (Path example : examples) {
            Distillation d = DistillationYaml.read(example);
            assertThat(d.getSpec().baseline()).as(example.toString()).isTrue();
            assertThat(d.getSpec().students())
                    .as(example.toString())
                    .hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void theClusterQuickstartIsTheQuickstartWithObjectStorageAndPodResources() {
        Distillation local = DistillationYaml.read(Path.of("..", "examples", "quickstart.yaml"));
        Distillation cluster =
                DistillationYaml.read(Path.of("..", "examples", "quickstart-cluster.yaml"));

        assertThat(cluster.getSpec().storage().uri()).startsWith("s3://");
        assertThat(cluster.getSpec().storage().credentialsSecret()).isNotBlank();
        com.fasterxml.jackson.databind.ObjectMapper json =
                new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode withoutStorage =
                json.valueToTree(cluster.getSpec());
        withoutStorage.remove("storage");
        withoutStorage.remove("resources");
        assertThat(cluster.getSpec().resources().students().cpu()).isEqualTo("900m");
        com.fasterxml.jackson.databind.node.ObjectNode localWithout =
                json.valueToTree(local.getSpec());
        localWithout.remove("resources");
        assertThat(withoutStorage).isEqualTo(localWithout);
        assertThat(cluster.getMetadata().getName()).isEqualTo(local.getMetadata().getName());
    }
}
