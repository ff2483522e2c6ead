package dev.distillery.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRD rejects bad Distillations at admission on a real API server (OpenAPI bounds,
 * patterns and CEL rules), with a message that names the field and the problem.
 */
class AdmissionIT {

    private static final String NAMESPACE = "admission";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KubernetesClient client;

    private static final String VALID =
            """
            {"dataset": {"name": "fashion-mnist", "limit": 100},
             "storage": {"uri": "s3://bucket/runs"},
             "teacher": {"model": "cnn:16,32"},
             "students": [{"name": "small", "model": "mlp:64"}]}
            """;

    @BeforeAll
    static void connect() {
        client = ApiServer.admin();
        ApiServer.namespace(client, NAMESPACE);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static MixedOperation<
                    GenericKubernetesResource,
                    GenericKubernetesResourceList,
                    Resource<GenericKubernetesResource>>
            distillations() {
        return client.genericKubernetesResources("distillery.dev/v1alpha1", "Distillation");
    }

    /**
     * A Distillation named {@code name} whose spec is the valid one merge-patched with {@code
     * patch}.
     */
    private static GenericKubernetesResource distillation(String name, String patch)
            throws Exception {
        Map<String, Object> spec = JSON.readValue(VALID, new TypeReference<>() {});
        merge(spec, JSON.readValue(patch, new TypeReference<Map<String, Object>>() {}));
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion("distillery.dev/v1alpha1");
        resource.setKind("Distillation");
        resource.setMetadata(
                new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(NAMESPACE)
                        .build());
        resource.setAdditionalProperty("spec", spec);
        return resource;
    }

    /** JSON merge patch (RFC 7396): objects merge, null removes, anything else replaces. */
    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, Map<String, Object> patch) {
        for (Map.Entry<String, Object> entry : patch.entrySet()) {
            Object value = entry.getValue();
            if (value == null) {
                target.remove(entry.getKey());
            } else if (value instanceof Map<?, ?> map
                    && target.get(entry.getKey()) instanceof Map<?, ?> existing) {
                Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) existing);
                merge(merged, (Map<String, Object>) map);
                target.put(entry.getKey(), merged);
            } else {
                target.put(entry.getKey(), value);
            }
        }
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                Arguments.of(
                        "alpha above 1",
                        "{\"students\": [{\"name\": \"small\", \"model\": \"mlp:64\", \"alpha\": 1.5}]}",
                        "spec.students[0].alpha",
                        "less than or equal to 1"),
                Arguments.of(
                        "alpha below 0",
                        "{\"students\": [{\"name\": \"small\", \"model\": \"mlp:64\", \"alpha\": -0.1}]}",
                        "spec.students[0].alpha",
                        "greater than or equal to 0"),
                Arguments.of(
                        "temperature 0",
                        "{\"students\": [{\"name\": \"small\", \"model\": \"mlp:64\", \"temperature\": 0}]}",
                        "spec.students[0].temperature",
                        "greater than 0"),
                Arguments.of(
                        "no students", "{\"students\": []}", "spec.students", "at least 1 items"),
                Arguments.of(
                        "duplicate student names",
                        "{\"students\": [{\"name\": \"small\", \"model\": \"mlp:64\"}, {\"name\": \"small\", \"model\": \"mlp:32\"}]}",
                        "spec.students",
                        "student names must be unique"),
                Arguments.of(
                        "student name not DNS-safe",
                        "{\"students\": [{\"name\": \"Small_1\", \"model\": \"mlp:64\"}]}",
                        "spec.students[0].name",
                        "should match"),
                Arguments.of(
                        "student group not DNS-safe",
                        "{\"students\": [{\"name\": \"small\", \"model\": \"mlp:64\", \"group\": \"Small_1\"}]}",
                        "spec.students[0].group",
                        "should match"),
                Arguments.of(
                        "student name too long for Job names",
                        "{\"students\": [{\"name\": \"a-very-long-student-name\", \"model\": \"mlp:64\"}]}",
                        "spec.students[0].name",
                        "Too long"),
                Arguments.of(
                        "student model malformed",
                        "{\"students\": [{\"name\": \"small\", \"model\": \"transformer:9\"}]}",
                        "spec.students[0].model",
                        "should match"),
                Arguments.of(
                        "dataset name and uri both set",
                        "{\"dataset\": {\"name\": \"mnist\", \"uri\": \"s3://b/d\"}}",
                        "spec.dataset",
                        "set exactly one of dataset.name and dataset.uri"),
                Arguments.of(
                        "unknown dataset name",
                        "{\"dataset\": {\"name\": \"cifar10\"}}",
                        "spec.dataset.name",
                        "should match"),
                Arguments.of(
                        "storage uri not file or s3",
                        "{\"storage\": {\"uri\": \"http://bucket/runs\"}}",
                        "spec.storage.uri",
                        "should match"),
                Arguments.of(
                        "online mode with a sweep",
                        "{\"mode\": \"online\", \"sweep\": {\"seed\": [1, 2]}}",
                        "spec.mode",
                        "mode online trains one teacher.model with at most 8 students and no"
                                + " sweep"),
                Arguments.of(
                        "parallelism 0",
                        "{\"parallelism\": 0}",
                        "spec.parallelism",
                        "greater than or equal to 1"),
                Arguments.of(
                        "sweep above the variant limit",
                        "{\"sweep\": {\"temperature\": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16], \"alpha\": [0.1,0.3,0.5,0.7,0.9]}}",
                        "spec.sweep",
                        "at most 64 variants"),
                Arguments.of(
                        "sweep value twice",
                        "{\"sweep\": {\"temperature\": [2, 2]}}",
                        "spec.sweep.temperature",
                        "lists a value twice"),
                Arguments.of(
                        "teacher model and pretrained",
                        "{\"teacher\": {\"model\": \"cnn:16\", \"pretrained\": [\"s3://b/t\"]}}",
                        "spec.teacher",
                        "set exactly one of teacher.model"),
                Arguments.of(
                        "ensemble without model",
                        "{\"teacher\": {\"model\": null, \"ensemble\": 2, \"members\": [{\"model\": \"cnn:8\"}]}}",
                        "spec.teacher",
                        "teacher.ensemble needs teacher.model"),
                Arguments.of(
                        "teacher missing", "{\"teacher\": null}", "spec.teacher", "Required value"),
                Arguments.of(
                        "cpu not a quantity",
                        "{\"resources\": {\"students\": {\"cpu\": \"two\"}}}",
                        "spec.resources.students.cpu",
                        "should match"),
                Arguments.of(
                        "too many GPUs",
                        "{\"resources\": {\"teacher\": {\"gpu\": 17}}}",
                        "spec.resources.teacher.gpu",
                        "less than or equal to 16"),
                Arguments.of(
                        "learning rate 0",
                        "{\"students\": [{\"name\": \"small\", \"model\": \"mlp:64\", \"training\": {\"learningRate\": 0}}]}",
                        "spec.students[0].training.learningRate",
                        "greater than 0"),
                Arguments.of(
                        "unknown cleanup policy",
                        "{\"cleanupPolicy\": \"Purge\"}",
                        "spec.cleanupPolicy",
                        "Unsupported value"),
                Arguments.of(
                        "a stage listed twice",
                        "{\"stages\": [{\"name\": \"report\"}, {\"name\": \"report\","
                                + " \"activeDeadlineSeconds\": 60}]}",
                        "spec.stages",
                        "each stage may appear in stages at most once"),
                Arguments.of(
                        "an unknown stage",
                        "{\"stages\": [{\"name\": \"evaluate\"}]}",
                        "spec.stages[0].name",
                        "Unsupported value"),
                Arguments.of(
                        "a deadline of 0",
                        "{\"stages\": [{\"name\": \"teacher\", \"activeDeadlineSeconds\": 0}]}",
                        "spec.stages[0].activeDeadlineSeconds",
                        "greater than or equal to 1"),
                Arguments.of(
                        "runtime class not DNS-safe",
                        "{\"pod\": {\"runtimeClassName\": \"NVIDIA\"}}",
                        "spec.pod.runtimeClassName",
                        "should match"),
                Arguments.of(
                        "queue name not DNS-safe",
                        "{\"queueName\": \"Team_Queue\"}",
                        "spec.queueName",
                        "should match"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void rejectsABadSpecNamingTheFieldAndTheProblem(
            String description, String patch, String field, String problem) throws Exception {
        GenericKubernetesResource bad = distillation("bad", patch);

        assertThatThrownBy(() -> distillations().resource(bad).create())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(
                        e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
                .hasMessageContaining(field)
                .hasMessageContaining(problem);
        assertThat(distillations().inNamespace(NAMESPACE).withName("bad").get()).isNull();
    }

    /**
     * Conditions are a list-map keyed by type: server-side apply of the status (how the operator
     * writes it) merges by type, so a condition another manager owns survives the operator's next
     * status, and the server holds at most one condition per type.
     */
    @Test
    void conditionsAreMergedByTypeUnderServerSideApply() throws Exception {
        distillations().resource(distillation("conditions", "{}")).create();

        applyStatus(
                "distillery-operator",
                condition("TeacherReady", "Unknown"),
                condition("Succeeded", "Unknown"));
        applyStatus("kubectl-edit", condition("Reviewed", "True"));
        GenericKubernetesResource after =
                applyStatus("distillery-operator", condition("TeacherReady", "True"));

        assertThat(types(after)).containsExactlyInAnyOrder("TeacherReady=True", "Reviewed=True");
        assertThatThrownBy(
                        () ->
                                applyStatus(
                                        "distillery-operator",
                                        condition("Failed", "False"),
                                        condition("Failed", "True")))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("duplicate entries for key [type=\"Failed\"]");
        distillations().inNamespace(NAMESPACE).withName("conditions").delete();
    }

    private static Map<String, Object> condition(String type, String status) {
        return Map.of(
                "type", type,
                "status", status,
                "reason", "Testing",
                "message", "",
                "lastTransitionTime", "2026-01-01T00:00:00Z");
    }

    @SafeVarargs
    private static GenericKubernetesResource applyStatus(
            String manager, Map<String, Object>... conditions) {
        GenericKubernetesResource fresh = new GenericKubernetesResource();
        fresh.setApiVersion("distillery.dev/v1alpha1");
        fresh.setKind("Distillation");
        fresh.setMetadata(
                new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                        .withName("conditions")
                        .withNamespace(NAMESPACE)
                        .build());
        fresh.setAdditionalProperty("status", Map.of("conditions", List.of(conditions)));
        return distillations()
                .resource(fresh)
                .subresource("status")
                .patch(
                        new PatchContext.Builder()
                                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                                .withFieldManager(manager)
                                .withForce(true)
                                .build(),
                        fresh);
    }

    @SuppressWarnings("unchecked")
    private static List<String> types(GenericKubernetesResource resource) {
        Map<String, Object> status =
                (Map<String, Object>) resource.getAdditionalProperties().get("status");
        return ((List<Map<String, Object>>) status.get("conditions"))
                .stream().map(c -> c.get("type") + "=" + c.get("status")).toList();
    }

    @Test
    void rejectsANameThatCannotLabelItsJobs() throws Exception {
        GenericKubernetesResource tooLong = distillation("d".repeat(64), "{}");

        assertThatThrownBy(() -> distillations().resource(tooLong).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("metadata.name must be a DNS-1123 label");
    }

    @Test
    void acceptsTheValidSpecWithDefaultsFilledIn() throws Exception {
        GenericKubernetesResource created =
                distillations().resource(distillation("valid", "{}")).create();

        @SuppressWarnings("unchecked")
        Map<String, Object> spec =
                (Map<String, Object>) created.getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("parallelism", 4).containsEntry("cleanupPolicy", "Retain");
        distillations().resource(created).delete();
    }

    @Test
    void admitsPackedStudentsAndTheirPacksResources() throws Exception {
        GenericKubernetesResource created =
                distillations()
                        .resource(
                                distillation(
                                        "packed",
                                        "{\"students\": [{\"name\": \"small\", \"model\":"
                                                + " \"mlp:64\", \"group\": \"mlps\"},"
                                                + " {\"name\": \"tiny\", \"model\":"
                                                + " \"mlp:8\", \"group\": \"mlps\"}],"
                                                + " \"resources\": {\"packed\": {\"cpu\":"
                                                + " \"2\"}}}"))
                        .create();

        assertThat(JSON.writeValueAsString(created.getAdditionalProperties().get("spec")))
                .contains("\"group\":\"mlps\"")
                .contains("\"packed\":{\"cpu\":\"2\"}");
        distillations().resource(created).delete();
    }

    @Test
    void rejectsChangingWhatARunIsMadeOfButAllowsSuspending() throws Exception {
        GenericKubernetesResource created =
                distillations().resource(distillation("immutable", "{}")).create();

        assertThatThrownBy(
                        () ->
                                distillations()
                                        .inNamespace(NAMESPACE)
                                        .withName("immutable")
                                        .edit(
                                                r ->
                                                        withSpec(
                                                                r,
                                                                "{\"teacher\": {\"model\": \"cnn:8\"}}")))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("teacher is immutable");
        assertThatThrownBy(
                        () ->
                                distillations()
                                        .inNamespace(NAMESPACE)
                                        .withName("immutable")
                                        .edit(
                                                r ->
                                                        withSpec(
                                                                r,
                                                                "{\"students\": [{\"name\": \"other\", \"model\": \"mlp:8\"}]}")))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("students is immutable");
        GenericKubernetesResource suspended =
                distillations()
                        .inNamespace(NAMESPACE)
                        .withName("immutable")
                        .edit(r -> withSpec(r, "{\"suspend\": true}"));
        assertThat(suspended.getMetadata().getGeneration()).isEqualTo(2L);
        distillations().resource(created).delete();
    }

    @SuppressWarnings("unchecked")
    private static GenericKubernetesResource withSpec(
            GenericKubernetesResource resource, String patch) {
        try {
            Map<String, Object> spec =
                    (Map<String, Object>) resource.getAdditionalProperties().get("spec");
            merge(spec, JSON.readValue(patch, new TypeReference<Map<String, Object>>() {}));
            return resource;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
