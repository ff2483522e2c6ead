package dev.distillery.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The finalizer only where there is something to clean up: a Distillation under {@code
 * cleanupPolicy: Retain} carries none, so deleting it (or its namespace) never waits for an
 * operator that is not running; switching the policy adds or removes it.
 */
class FinalizerIT {

    private static final String NAMESPACE = "finalizer-it";
    private static final String FINALIZER = "distillery.dev/artifact-cleanup";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KubernetesClient admin;

    @BeforeAll
    static void start() {
        admin = ApiServer.admin();
        ApiServer.namespace(admin, NAMESPACE);
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    private static Distillation create(String name, String policy) {
        String yaml =
                DistillationOperatorIT.spec(name, "cleanupPolicy: " + policy)
                        .replace("namespace: operator-it", "namespace: " + NAMESPACE);
        return admin.resource(DistillationYaml.parse(yaml, name + ".yaml")).create();
    }

    private static Distillation get(String name) {
        return admin.resources(Distillation.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private static List<String> finalizers(String name) {
        return get(name).getMetadata().getFinalizers();
    }

    private static void policy(String name, String policy) {
        admin.resources(Distillation.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"cleanupPolicy\":\"" + policy + "\"}}");
    }

    /** Reconciled: the operator has written a status for the current generation. */
    private static void reconciled(String name) {
        Eventually.until(
                WAIT,
                () -> {
                    Distillation live = get(name);
                    return live.getStatus() != null
                            && live.getMetadata()
                                    .getGeneration()
                                    .equals(live.getStatus().getObservedGeneration());
                });
    }

    @Test
    void onlyTheDeletePolicyHoldsAFinalizerAndARetainedRunGoesWithoutAnOperator() {
        try (Operators operator = Operators.start(NAMESPACE)) {
            create("retained", "Retain");
            create("deleted", "Delete");
            reconciled("retained");
            Eventually.until(WAIT, () -> finalizers("deleted").contains(FINALIZER));
            assertThat(finalizers("retained")).doesNotContain(FINALIZER);

            policy("retained", "Delete");
            Eventually.until(WAIT, () -> finalizers("retained").contains(FINALIZER));
            policy("retained", "Retain");
            Eventually.until(WAIT, () -> !finalizers("retained").contains(FINALIZER));
            reconciled("retained");
        }

        // The operator is stopped: the run under Retain goes at once, the other waits for it.
        admin.resources(Distillation.class).inNamespace(NAMESPACE).withName("retained").delete();
        admin.resources(Distillation.class).inNamespace(NAMESPACE).withName("deleted").delete();
        Eventually.until(Duration.ofSeconds(10), () -> get("retained") == null);
        assertThat(get("deleted").getMetadata().getDeletionTimestamp()).isNotNull();

        // Back up, the operator runs the Delete policy (nothing written yet) and lets it go.
        try (Operators operator = Operators.start(NAMESPACE)) {
            Eventually.until(WAIT, () -> get("deleted") == null);
        }
    }
}
