package dev.distillery.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl apply -k manifests/} installs everything: kustomize renders every numbered
 * manifest and the generated CRD, and the API server accepts all of it (server-side dry run).
 */
class ManifestsIT {

    private static String kubectl(String... args) throws Exception {
        List<String> command =
                new java.util.ArrayList<>(
                        List.of(
                                ApiServer.kubectl().toString(),
                                "--kubeconfig",
                                ApiServer.kubeconfigFile().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void kustomizeRendersEveryManifestAndTheGeneratedCrd() throws Exception {
        String rendered = kubectl("kustomize", ApiServer.manifests().toString());
        List<HasMetadata> objects;
        try (KubernetesClient client = ApiServer.admin()) {
            objects =
                    client.load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8)))
                            .items();
        }
        long numbered;
        try (Stream<Path> files = Files.list(ApiServer.manifests())) {
            numbered =
                    files.filter(f -> f.getFileName().toString().matches("\\d{3}-.*\\.yaml"))
                            .count();
        }

        assertThat(objects).hasSize((int) numbered + 1);
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .contains(
                        "Namespace",
                        "CustomResourceDefinition",
                        "ServiceAccount",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Role",
                        "RoleBinding",
                        "Deployment",
                        "Service");
        Deployment deployment =
                objects.stream()
                        .filter(Deployment.class::isInstance)
                        .map(Deployment.class::cast)
                        .findFirst()
                        .orElseThrow();
        Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(operator.getArgs()).contains("--leader-election");
        assertThat(
                        deployment
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getSecurityContext()
                                .getRunAsNonRoot())
                .isTrue();
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("distillery-operator");
    }

    @Test
    void theApiServerAcceptsEverythingKubectlApplyKWouldSend() throws Exception {
        String output =
                kubectl("apply", "-k", ApiServer.manifests().toString(), "--dry-run=server");

        assertThat(output)
                .contains(
                        "customresourcedefinition.apiextensions.k8s.io/distillations.distillery.dev")
                .contains("deployment.apps/distillery-operator")
                .contains("clusterrole.rbac.authorization.k8s.io/distillery-kubeflow-edit");
    }
}
