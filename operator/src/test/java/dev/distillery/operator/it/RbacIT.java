package dev.distillery.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RBAC of manifests/ gives the operator's ServiceAccount what it needs and no more, and gives
 * Kubeflow profile users (through the aggregated roles) access to Distillations.
 */
class RbacIT {

    private static KubernetesClient admin;
    private static KubernetesClient operator;

    @BeforeAll
    static void connect() {
        admin = ApiServer.admin();
        operator = ApiServer.asOperator();
        ApiServer.namespace(admin, "team-b");
    }

    @AfterAll
    static void close() {
        operator.close();
        admin.close();
    }

    private static boolean allowed(
            KubernetesClient client, String verb, String group, String resource, String namespace) {
        String[] parts = resource.split("/");
        SelfSubjectAccessReview review =
                new SelfSubjectAccessReviewBuilder()
                        .withNewSpec()
                        .withNewResourceAttributes()
                        .withVerb(verb)
                        .withGroup(group)
                        .withResource(parts[0])
                        .withSubresource(parts.length > 1 ? parts[1] : null)
                        .withNamespace(namespace)
                        .endResourceAttributes()
                        .endSpec()
                        .build();
        return client.authorization()
                .v1()
                .selfSubjectAccessReview()
                .create(review)
                .getStatus()
                .getAllowed();
    }

    @ParameterizedTest(name = "{0} {2} in {3}: {4}")
    @CsvSource({
        "watch, distillery.dev, distillations, team-b, true",
        "patch, distillery.dev, distillations/status, team-b, true",
        "update, distillery.dev, distillations/finalizers, team-b, true",
        "create, batch, jobs, team-b, true",
        "patch, batch, jobs, team-b, true",
        "list, '', pods, team-b, true",
        "create, '', events, team-b, true",
        "update, coordination.k8s.io, leases, distillery-system, true",
        "create, distillery.dev, distillations, team-b, false",
        "update, distillery.dev, distillations, team-b, false",
        "update, distillery.dev, distillations/status, team-b, false",
        "delete, distillery.dev, distillations, team-b, false",
        "delete, batch, jobs, team-b, true",
        "update, batch, jobs, team-b, false",
        "create, '', pods, team-b, false",
        "delete, '', pods, team-b, false",
        "get, '', secrets, team-b, false",
        "list, '', secrets, distillery-system, false",
        "create, '', pods/exec, team-b, false",
        "update, coordination.k8s.io, leases, team-b, false",
        "create, rbac.authorization.k8s.io, rolebindings, team-b, false",
        "create, apps, deployments, team-b, false",
    })
    void theOperatorMayDoWhatItNeedsAndNothingMore(
            String verb, String group, String resource, String namespace, boolean expected) {
        assertThat(allowed(operator, verb, group, resource, namespace)).isEqualTo(expected);
    }

    @Test
    void kubectlAuthCanIAgrees() throws Exception {
        assertThat(canI("create", "jobs")).isEqualTo("yes");
        assertThat(canI("get", "secrets")).isEqualTo("no");
    }

    private static String canI(String verb, String resource) throws Exception {
        Process process =
                new ProcessBuilder(
                                ApiServer.kubectl().toString(),
                                "--kubeconfig",
                                ApiServer.kubeconfigFile().toString(),
                                "auth",
                                "can-i",
                                verb,
                                resource,
                                "-n",
                                "team-b",
                                "--as",
                                ApiServer.OPERATOR_USER)
                        .redirectErrorStream(true)
                        .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes()).strip();
    }

    @Test
    void kubeflowProfileRolesAggregateAndGrantDistillations() {
        ClusterRole edit = admin.rbac().clusterRoles().withName("distillery-kubeflow-edit").get();
        ClusterRole view = admin.rbac().clusterRoles().withName("distillery-kubeflow-view").get();
        assertThat(edit.getMetadata().getLabels())
                .containsEntry(
                        "rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit", "true");
        assertThat(view.getMetadata().getLabels())
                .containsEntry(
                        "rbac.authorization.kubeflow.org/aggregate-to-kubeflow-view", "true");

        bind("alice", "distillery-kubeflow-edit");
        bind("bob", "distillery-kubeflow-view");
        try (KubernetesClient alice = as("alice");
                KubernetesClient bob = as("bob")) {
            assertThat(allowed(alice, "create", "distillery.dev", "distillations", "team-b"))
                    .isTrue();
            assertThat(allowed(alice, "patch", "distillery.dev", "distillations/status", "team-b"))
                    .isFalse();
            assertThat(allowed(bob, "list", "distillery.dev", "distillations", "team-b")).isTrue();
            assertThat(allowed(bob, "create", "distillery.dev", "distillations", "team-b"))
                    .isFalse();
        }
    }

    private static void bind(String user, String role) {
        admin.rbac()
                .roleBindings()
                .inNamespace("team-b")
                .resource(
                        new RoleBindingBuilder()
                                .withNewMetadata()
                                .withName(user)
                                .withNamespace("team-b")
                                .endMetadata()
                                .withNewRoleRef()
                                .withApiGroup("rbac.authorization.k8s.io")
                                .withKind("ClusterRole")
                                .withName(role)
                                .endRoleRef()
                                .addNewSubject()
                                .withApiGroup("rbac.authorization.k8s.io")
                                .withKind("User")
                                .withName(user)
                                .endSubject()
                                .build())
                .createOr(existing -> existing.update());
    }

    private static KubernetesClient as(String user) {
        Config config =
                new ConfigBuilder(Config.fromKubeconfig(ApiServer.kubeconfig()))
                        .withImpersonateUsername(user)
                        .withImpersonateGroups("system:authenticated")
                        .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
