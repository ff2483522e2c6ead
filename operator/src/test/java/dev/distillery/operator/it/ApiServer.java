package dev.distillery.operator.it;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real kube-apiserver and etcd for every IT in this JVM, started by fabric8's kube-api-test
 * from the binaries under {@code $KUBE_API_TEST_DIR/k8s/} (nothing is downloaded), bound to
 * 127.0.0.1, with the committed CRD and the RBAC of {@code manifests/} installed.
 */
final class ApiServer {

    /** The operator's ServiceAccount as the API server names it. */
    static final String OPERATOR_USER =
            "system:serviceaccount:distillery-system:distillery-operator";

    private static KubeAPIServer server;
    private static String kubeconfig;

    private ApiServer() {}

    /** The kubeconfig of the admin user, starting the server on first use. */
    static synchronized String kubeconfig() {
        if (server == null) {
            String dir = System.getenv("KUBE_API_TEST_DIR");
            KubeAPIServerConfigBuilder config =
                    KubeAPIServerConfigBuilder.anAPIServerConfig()
                            .withOfflineMode(true)
                            .withUpdateKubeConfig(false)
                            .withApiServerFlag("--bind-address", "127.0.0.1")
                            .withStartupTimeout(120_000);
            if (dir != null) {
                config.withTestDir(dir);
            }
            server = new KubeAPIServer(config.build());
            server.start();
            kubeconfig = server.getKubeConfigYaml();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            install();
        }
        return kubeconfig;
    }

    /** A client acting as the cluster admin. */
    static KubernetesClient admin() {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig()))
                .build();
    }

    /** A client acting as the operator's ServiceAccount, with only the RBAC of manifests/. */
    static KubernetesClient asOperator() {
        return asOperator(new Interceptor() {});
    }

    /** {@link #asOperator()} whose requests pass {@code interceptor} first. */
    static KubernetesClient asOperator(Interceptor interceptor) {
        Config config =
                new ConfigBuilder(Config.fromKubeconfig(kubeconfig()))
                        .withImpersonateUsername(OPERATOR_USER)
                        .withImpersonateGroups(
                                "system:serviceaccounts",
                                "system:serviceaccounts:distillery-system",
                                "system:authenticated")
                        .build();
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientBuilderConsumer(
                        http -> http.addOrReplaceInterceptor("it", interceptor))
                .build();
    }

    /** The manifests folder of the repository. */
    static Path manifests() {
        return Path.of(System.getProperty("distillery.manifests", "../manifests"));
    }

    /** Creates namespace {@code name} if it does not exist. */
    static void namespace(KubernetesClient client, String name) {
        client.namespaces()
                .resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .endMetadata()
                                .build())
                .createOr(existing -> existing.update());
    }

    /** Writes the admin kubeconfig to a file, for kubectl. */
    static Path kubeconfigFile() throws IOException {
        Path file = Files.createTempFile("kubeconfig", ".yaml");
        Files.writeString(file, kubeconfig());
        file.toFile().deleteOnExit();
        return file;
    }

    /** The kubectl next to the API server binaries. */
    static Path kubectl() throws IOException {
        String dir =
                System.getenv()
                        .getOrDefault(
                                "KUBE_API_TEST_DIR",
                                System.getProperty("user.home") + "/.kubeapitest");
        try (var versions = Files.list(Path.of(dir, "k8s"))) {
            return versions.map(v -> v.resolve("kubectl"))
                    .filter(Files::isExecutable)
                    .findFirst()
                    .orElseThrow(() -> new IOException("no kubectl under " + dir + "/k8s"));
        }
    }

    /** The CRD, the operator's namespace and every RBAC manifest. */
    private static void install() {
        try (KubernetesClient client = admin()) {
            for (String file :
                    List.of(
                            "crd/distillations.distillery.dev-v1.yml",
                            "000-Namespace-distillery-system.yaml",
                            "010-ServiceAccount-distillery-operator.yaml",
                            "020-ClusterRole-distillery-operator.yaml",
                            "021-ClusterRoleBinding-distillery-operator.yaml",
                            "022-Role-distillery-operator-leader-election.yaml",
                            "023-RoleBinding-distillery-operator-leader-election.yaml",
                            "030-ClusterRole-distillery-kubeflow-edit.yaml",
                            "031-ClusterRole-distillery-kubeflow-view.yaml")) {
                try (InputStream in = Files.newInputStream(manifests().resolve(file))) {
                    for (HasMetadata resource : client.load(in).items()) {
                        client.resource(resource).create();
                    }
                }
            }
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName("distillations.distillery.dev")
                    .waitUntilCondition(ApiServer::established, 60, TimeUnit.SECONDS);
            Eventually.until(
                    Duration.ofSeconds(30),
                    () ->
                            client.resources(dev.distillery.api.Distillation.class)
                                            .inAnyNamespace()
                                            .list()
                                    != null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read manifests/: " + e.getMessage(), e);
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null
                && crd.getStatus() != null
                && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(
                                c ->
                                        "Established".equals(c.getType())
                                                && "True".equals(c.getStatus()));
    }
}
