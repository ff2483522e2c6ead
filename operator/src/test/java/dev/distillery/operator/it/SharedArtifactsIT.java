package dev.distillery.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.plan.Planner;
import dev.distillery.api.status.Phase;
import dev.distillery.contract.StepSummary;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ArtifactStores;
import dev.distillery.store.MinioServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Distillations sharing a teacher in one real MinIO store, run by the operator on a real API
 * server with {@code cleanupPolicy: Delete}: deleting either one deletes only what it wrote and
 * nobody else uses, never the shared teacher and soft labels.
 */
class SharedArtifactsIT {

    private static final String NAMESPACE = "shared-it";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static MinioServer minio;
    private static KubernetesClient admin;
    private static Operators operator;
    private static JobController jobs;

    @TempDir static Path dir;

    /** The same teacher on the same store; the student differs. */
    private static Distillation spec(String name, String student) {
        return DistillationYaml.parse(
                """
                apiVersion: distillery.dev/v1alpha1
                kind: Distillation
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  dataset:
                    name: fashion-mnist
                    limit: 200
                  storage:
                    uri: s3://artifacts/shared
                    endpoint: %s
                    credentialsSecret: s3-credentials
                  teacher:
                    model: cnn:8,16
                  students:
                    - name: s
                      model: %s
                  cleanupPolicy: Delete
                """
                        .formatted(name, NAMESPACE, minio.endpoint(), student),
                name + ".yaml");
    }

    @BeforeAll
    static void start() throws Exception {
        minio = MinioServer.start();
        minio.createBucket("artifacts");
        admin = ApiServer.admin();
        ApiServer.namespace(admin, NAMESPACE);
        operator =
                Operators.start(
                        NAMESPACE,
                        Map.of(
                                "AWS_ACCESS_KEY_ID", MinioServer.ACCESS_KEY,
                                "AWS_SECRET_ACCESS_KEY", MinioServer.SECRET_KEY));
        jobs = new JobController(admin, NAMESPACE);
    }

    @AfterAll
    static void stop() throws Exception {
        operator.close();
        admin.close();
        minio.close();
    }

    private static Map<String, String> outputs(Distillation distillation) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (PlannedStep step : Planner.plan(distillation, PlanSettings.CLUSTER).steps()) {
            outputs.put(step.name(), step.output());
        }
        return outputs;
    }

    /** What a step writes: a complete artifact, manifest last. */
    private static void publish(String uri) throws Exception {
        Path local = Files.createTempDirectory(dir, "artifact");
        Files.writeString(local.resolve("metrics.json"), "{}");
        try (ArtifactStore store = ArtifactStores.open(uri, minio.environment())) {
            store.publish(local, uri);
        }
    }

    private static boolean complete(String uri) {
        try (ArtifactStore store = ArtifactStores.open(uri, minio.environment())) {
            return store.isComplete(uri);
        }
    }

    /**
     * Runs {@code distillation} to Succeeded as its step pods would: a step whose artifact is
     * already complete reports reused and writes nothing; the others publish theirs.
     */
    private static void run(Distillation distillation) throws Exception {
        admin.resource(distillation).create();
        String name = distillation.getMetadata().getName();
        for (Map.Entry<String, String> step : outputs(distillation).entrySet()) {
            String job = name + "-" + step.getKey();
            Eventually.until(
                    WAIT,
                    () ->
                            admin.batch().v1().jobs().inNamespace(NAMESPACE).withName(job).get()
                                    != null);
            boolean reused = complete(step.getValue());
            if (!reused) {
                publish(step.getValue());
            }
            String command = step.getKey().startsWith("report") ? "report" : "train";
            jobs.succeed(
                    job,
                    new StepSummary(
                                    command,
                                    step.getValue(),
                                    0.9,
                                    9_000L,
                                    1,
                                    200L,
                                    1.0,
                                    false,
                                    null,
                                    reused)
                            .toJson());
        }
        Eventually.until(
                WAIT,
                () -> {
                    Distillation live = get(name);
                    return live.getStatus() != null
                            && live.getStatus().getPhase() == Phase.SUCCEEDED;
                });
    }

    private static Distillation get(String name) {
        return admin.resources(Distillation.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private static void deleteAndWait(String name) {
        admin.resources(Distillation.class).inNamespace(NAMESPACE).withName(name).delete();
        Eventually.until(WAIT, () -> get(name) == null);
    }

    private static List<String> cleanupEvents(String name) {
        return admin.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .filter(e -> e.getReason().startsWith("Artifact"))
                .map(Event::getMessage)
                .toList();
    }

    @Test
    void deletingEitherDistillationKeepsTheTeacherTheyShareAndDeletesWhatOnlyItWrote()
            throws Exception {
        Distillation first = spec("first", "mlp:32");
        Distillation second = spec("second", "mlp:64");
        Map<String, String> firstOutputs = outputs(first);
        Map<String, String> secondOutputs = outputs(second);
        String teacher = firstOutputs.get("teacher-0");
        String softLabels = firstOutputs.get("soft-labels");
        assertThat(secondOutputs).containsEntry("teacher-0", teacher);
        assertThat(secondOutputs).containsEntry("soft-labels", softLabels);

        run(first);
        run(second);
        assertThat(get("second").getStatus().getSteps())
                .filteredOn(s -> s.getName().equals("teacher-0"))
                .singleElement()
                .satisfies(s -> assertThat(s.getReused()).isTrue());

        // The first wrote the teacher, but the second still uses it.
        deleteAndWait("first");
        assertThat(complete(teacher)).isTrue();
        assertThat(complete(softLabels)).isTrue();
        assertThat(complete(firstOutputs.get("student-s"))).isFalse();
        assertThat(complete(firstOutputs.get("report"))).isFalse();
        Eventually.until(WAIT, () -> !cleanupEvents("first").isEmpty());
        assertThat(cleanupEvents("first"))
                .containsExactly("deleted 2 artifacts; kept 2 that other Distillations use");

        // Nobody else uses the teacher now, but the second only reused it.
        deleteAndWait("second");
        assertThat(complete(teacher)).isTrue();
        assertThat(complete(softLabels)).isTrue();
        assertThat(complete(secondOutputs.get("student-s"))).isFalse();
        assertThat(complete(secondOutputs.get("report"))).isFalse();
    }
}
