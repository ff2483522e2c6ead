package dev.distillery.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the generated CRD tells the API server and {@code kubectl}. */
class CrdTest {

    static JsonNode crd;
    static JsonNode version;
    static JsonNode spec;

    @BeforeAll
    static void read() throws IOException {
        crd = new ObjectMapper(new YAMLFactory()).readTree(CrdDriftTest.shipped());
        version = crd.at("/spec/versions/0");
        spec = version.at("/schema/openAPIV3Schema/properties/spec");
    }

    @Test
    void namesGroupVersionScopeAndStatusSubresource() {
        assertThat(crd.at("/metadata/name").asText()).isEqualTo("distillations.distillery.dev");
        assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
        assertThat(texts(crd.at("/spec/names/shortNames"))).containsExactly("kd", "distill");
        assertThat(version.at("/name").asText()).isEqualTo("v1alpha1");
        assertThat(version.at("/subresources/status").isObject()).isTrue();
    }

    @Test
    void printerColumnsPointAtScalarStatusFields() {
        List<String> paths = new ArrayList<>();
        for (JsonNode column : version.get("additionalPrinterColumns")) {
            paths.add(column.get("name").asText() + "=" + column.get("jsonPath").asText());
        }

        assertThat(paths)
                .as("kubectl get shows the columns in this order, Age last as for built-in kinds")
                .containsExactly(
                        "Phase=.status.phase",
                        "Best=.status.best.name",
                        "Accuracy=.status.best.accuracy",
                        "Students=.status.progress",
                        "Age=.metadata.creationTimestamp");
        JsonNode status = version.at("/schema/openAPIV3Schema/properties/status/properties");
        assertThat(status.at("/phase/enum").size()).isEqualTo(5);
        assertThat(status.at("/best/properties/accuracy/type").asText()).isEqualTo("number");
        assertThat(status.at("/progress/type").asText()).isEqualTo("string");
    }

    @Test
    void conditionsAreAListMapKeyedByType() {
        JsonNode conditions =
                version.at("/schema/openAPIV3Schema/properties/status/properties/conditions");

        assertThat(conditions.get("x-kubernetes-list-type").asText()).isEqualTo("map");
        assertThat(texts(conditions.get("x-kubernetes-list-map-keys"))).containsExactly("type");
        assertThat(texts(conditions.at("/items/required"))).contains("type");
    }

    @Test
    void stagesAreUniqueAndCarryTheSamePodSettingsAsTheSpec() {
        JsonNode stages = spec.at("/properties/stages");
        JsonNode stage = stages.at("/items/properties");

        assertThat(stages.get("maxItems").asInt()).isEqualTo(5);
        assertThat(texts(stages.at("/items/required"))).containsExactly("name");
        assertThat(texts(stage.at("/name/enum")))
                .containsExactlyInAnyOrder("teacher", "softLabels", "students", "report", "online");
        assertThat(stage.at("/activeDeadlineSeconds/minimum").asInt()).isEqualTo(1);
        assertThat(stage.at("/pod/properties").size())
                .isEqualTo(spec.at("/properties/pod/properties").size());
        assertThat(rules(spec))
                .contains(
                        "!has(self.stages) || self.stages.all(s, self.stages.exists_one(t, t.name"
                                + " == s.name))");
        assertThat(spec.at("/properties/pod/properties").fieldNames())
                .toIterable()
                .contains("imagePullSecrets", "env", "volumes", "volumeMounts", "runtimeClassName");
    }

    /**
     * {@code kubectl apply -k manifests/} (client-side) stores the whole CRD as JSON in the
     * last-applied-configuration annotation, which the API server caps at 256 KiB.
     */
    @Test
    void theCrdFitsTheLastAppliedAnnotationOfKubectlApply() throws IOException {
        int json = new ObjectMapper().writeValueAsBytes(crd).length;

        assertThat(json).isLessThan(256 * 1024);
    }

    @Test
    void celRulesGuardWhatBoundsCannot() {
        List<String> specRules = rules(spec);

        assertThat(specRules)
                .contains(
                        "self.students.all(s, self.students.exists_one(t, t.name == s.name))",
                        "!has(self.mode) || self.mode == 'offline' || (has(self.teacher.model) &&"
                                + " !has(self.sweep) && size(self.students) <= 8)",
                        "self.dataset == oldSelf.dataset",
                        "self.teacher == oldSelf.teacher",
                        "self.students == oldSelf.students");
        assertThat(specRules)
                .anyMatch(
                        rule -> rule.startsWith("size(self.students) * ") && rule.endsWith("<= 64"))
                .anyMatch(rule -> rule.startsWith("has(self.storage) == has(oldSelf.storage)"))
                .anyMatch(rule -> rule.startsWith("has(self.sweep) == has(oldSelf.sweep)"))
                .anyMatch(rule -> rule.startsWith("has(self.mode) == has(oldSelf.mode)"))
                .anyMatch(rule -> rule.startsWith("has(self.online) == has(oldSelf.online)"));
        assertThat(rules(version.at("/schema/openAPIV3Schema")))
                .singleElement()
                .asString()
                .contains("size(self.metadata.name) <= 63");
        assertThat(rules(spec.at("/properties/dataset")))
                .containsExactly("has(self.name) != has(self.uri)");
        assertThat(rules(spec.at("/properties/teacher"))).hasSize(2);
        assertThat(rules(spec.at("/properties/sweep"))).hasSize(3);
        JsonNode mode =
                messages(spec).stream()
                        .filter(rule -> rule.get("rule").asText().contains("'offline'"))
                        .findFirst()
                        .orElseThrow();
        assertThat(mode.get("message").asText())
                .isEqualTo(
                        "mode online trains one teacher.model with at most 8 students and no sweep");
        assertThat(mode.get("reason").asText()).isEqualTo("FieldValueForbidden");
    }

    @Test
    void boundsOnStudentsAndTheirHyperparameters() {
        JsonNode students = spec.at("/properties/students");
        JsonNode student = students.at("/items/properties");

        assertThat(students.get("minItems").asInt()).isEqualTo(1);
        assertThat(students.get("maxItems").asInt()).isEqualTo(16);
        assertThat(texts(students.at("/items/required")))
                .containsExactlyInAnyOrder("name", "model");
        assertThat(student.at("/alpha/minimum").asDouble()).isEqualTo(0.0);
        assertThat(student.at("/alpha/maximum").asDouble()).isEqualTo(1.0);
        assertThat(student.at("/temperature/minimum").asDouble()).isEqualTo(0.0);
        assertThat(student.at("/temperature/exclusiveMinimum").asBoolean()).isTrue();
        assertThat(student.at("/name/maxLength").asInt()).isEqualTo(20);
        assertThat(student.at("/name/pattern").asText()).isEqualTo("^[a-z]([-a-z0-9]*[a-z0-9])?$");
        assertThat(student.at("/model/pattern").asText()).startsWith("^(mlp|cnn|resnet):");
        assertThat(texts(spec.get("required")))
                .containsExactlyInAnyOrder("dataset", "teacher", "students");
    }

    @Test
    void everyFieldOfOurOwnHasADescriptionForKubectlExplain() {
        List<String> missing = new ArrayList<>();
        undescribed("spec", spec, missing);
        undescribed("status", version.at("/schema/openAPIV3Schema/properties/status"), missing);

        assertThat(missing).isEmpty();
    }

    /** Collects properties without a description, skipping Kubernetes' own types. */
    private static void undescribed(String path, JsonNode schema, List<String> missing) {
        JsonNode properties = schema.get("properties");
        if (properties == null) {
            if (schema.has("items")) {
                undescribed(path + "[]", schema.get("items"), missing);
            }
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String child = path + "." + field.getKey();
            if (!field.getValue().has("description")) {
                missing.add(child);
            }
            if (!kubernetesType(child)) {
                undescribed(child, field.getValue(), missing);
            }
        }
    }

    /** Kubernetes' own types below our fields: described by Kubernetes, not by us. */
    private static boolean kubernetesType(String path) {
        return path.equals("status.conditions")
                || path.matches(
                        "spec(\\.stages\\[\\])?\\.pod\\.(affinity|tolerations|imagePullSecrets|env"
                                + "|volumes|volumeMounts)");
    }

    private static List<String> rules(JsonNode schema) {
        List<String> rules = new ArrayList<>();
        messages(schema).forEach(rule -> rules.add(rule.get("rule").asText()));
        return rules;
    }

    private static List<JsonNode> messages(JsonNode schema) {
        List<JsonNode> rules = new ArrayList<>();
        schema.path("x-kubernetes-validations").forEach(rules::add);
        return rules;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }
}
