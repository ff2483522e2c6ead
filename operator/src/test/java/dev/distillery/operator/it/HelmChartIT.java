package dev.distillery.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.operator.DistilleryOperator;
import dev.distillery.operator.OperatorOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * charts/distillery rendered by a real helm (built from its Go module by e2e/install-binaries):
 * lint passes with every value set of charts/distillery/ci, the API server accepts every object
 * each set renders (server-side dry run, strict field validation), the default values render what
 * kustomize renders from manifests/ (less the Namespace), a namespaced install grants the operator
 * only its watched namespaces, and settings that cannot work stop with one message.
 */
class HelmChartIT {

    /** Labels that only the chart sets; everything else must equal manifests/. */
    private static final List<String> CHART_ONLY_LABELS =
            List.of(
                    "app.kubernetes.io/instance",
                    "app.kubernetes.io/version",
                    "app.kubernetes.io/managed-by",
                    "helm.sh/chart");

    private static KubernetesClient admin;

    @BeforeAll
    static void connect() throws IOException {
        admin = ApiServer.admin();
        // The Prometheus Operator's own ServiceMonitor CRD, so that the strict dry run checks the
        // chart's ServiceMonitor against the schema a cluster with Prometheus Operator has.
        try (InputStream in = Files.newInputStream(serviceMonitorCrd())) {
            for (HasMetadata crd : admin.load(in).items()) {
                admin.resource(crd).createOr(existing -> existing.update());
            }
        }
        for (String namespace : List.of("team-a", "team-b", "team-c")) {
            ApiServer.namespace(admin, namespace);
        }
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    static Path chart() {
        return Path.of(System.getProperty("distillery.chart", "../charts/distillery"));
    }

    static Path helm() {
        Path helm =
                Path.of(
                        System.getProperty(
                                "distillery.helm",
                                System.getProperty("user.home") + "/.cache/distillery/bin/helm"));
        assertThat(Files.isExecutable(helm))
                .as("no helm at %s: run e2e/install-binaries", helm)
                .isTrue();
        return helm;
    }

    /** The Prometheus Operator's ServiceMonitor CRD, put in the cache by e2e/install-binaries. */
    static Path serviceMonitorCrd() {
        Path crd =
                Path.of(
                        System.getProperty(
                                "distillery.serviceMonitorCrd",
                                System.getProperty("user.home")
                                        + "/.cache/distillery/crds/monitoring.coreos.com_servicemonitors.yaml"));
        assertThat(Files.isRegularFile(crd))
                .as("no ServiceMonitor CRD at %s: run e2e/install-binaries", crd)
                .isTrue();
        return crd;
    }

    /** The value sets of charts/distillery/ci, by name ("namespaced"), and "default". */
    static Stream<String> valueSets() throws IOException {
        List<String> names = new ArrayList<>(List.of("default"));
        try (Stream<Path> files = Files.list(chart().resolve("ci"))) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith("-values.yaml"))
                    .map(n -> n.substring(0, n.length() - "-values.yaml".length()))
                    .sorted()
                    .forEach(names::add);
        }
        return names.stream();
    }

    private static List<String> valuesArgs(String valueSet) {
        return valueSet.equals("default")
                ? List.of()
                : List.of(
                        "--values", chart().resolve("ci/" + valueSet + "-values.yaml").toString());
    }

    private static Command helm(List<String> args) throws IOException {
        List<String> line = Command.line(helm());
        line.addAll(args);
        return Command.run(line, null);
    }

    /** {@code helm template} of {@code valueSet} as release {@code release} in {@code ns}. */
    static String template(String release, String namespace, String valueSet, String... extra)
            throws IOException {
        List<String> args =
                new ArrayList<>(
                        List.of("template", release, chart().toString(), "--namespace", namespace));
        args.addAll(valuesArgs(valueSet));
        args.addAll(List.of(extra));
        Command result = helm(args);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output();
    }

    private static Command kubectl(String input, String... args) throws IOException {
        List<String> line =
                Command.line(
                        ApiServer.kubectl(), "--kubeconfig", ApiServer.kubeconfigFile().toString());
        line.addAll(List.of(args));
        return Command.run(line, input);
    }

    private static List<HasMetadata> load(String yaml) {
        return admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    }

    private static <T> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static Container operatorContainer(List<HasMetadata> objects) {
        List<Deployment> deployments = ofType(objects, Deployment.class);
        assertThat(deployments).hasSize(1);
        return deployments.get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void lintPasses(String valueSet) throws IOException {
        List<String> args = new ArrayList<>(List.of("lint", "--strict", chart().toString()));
        args.addAll(valuesArgs(valueSet));
        Command result = helm(args);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("1 chart(s) linted, 0 chart(s) failed");
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void theApiServerAcceptsEveryRenderedObject(String valueSet) throws IOException {
        // A release and namespace of its own, so that its cluster-wide objects are new ones.
        String release = "dry-" + valueSet;
        ApiServer.namespace(admin, release);
        String rendered = template(release, release, valueSet, "--include-crds");
        int objects = load(rendered).size();

        Command result =
                kubectl(
                        rendered,
                        "apply",
                        "--server-side",
                        "--dry-run=server",
                        // The CRD is installed already, by another field manager.
                        "--force-conflicts",
                        "--field-manager=helm-chart-it",
                        "--filename=-");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(
                        result.output()
                                .lines()
                                .filter(l -> l.endsWith("serverside-applied (server dry run)")))
                .as(result.output())
                .hasSize(objects);
    }

    @Test
    void defaultValuesRenderWhatManifestsInstall() throws IOException {
        Map<String, Object> chart =
                normalized(
                        load(
                                template(
                                        "distillery",
                                        "distillery-system",
                                        "default",
                                        "--include-crds")));
        Command kustomize = kubectl(null, "kustomize", ApiServer.manifests().toString());
        assertThat(kustomize.exitCode()).as(kustomize.output()).isZero();
        Map<String, Object> manifests = normalized(load(kustomize.output()));
        // Helm installs into a namespace it does not own (--create-namespace makes it).
        assertThat(manifests.remove("Namespace//distillery-system")).isNotNull();

        assertThat(chart.keySet()).containsExactlyInAnyOrderElementsOf(manifests.keySet());
        for (String key : manifests.keySet()) {
            assertThat(chart.get(key))
                    .as("%s differs between charts/distillery and manifests/", key)
                    .isEqualTo(manifests.get(key));
        }
    }

    /**
     * Every object by kind/namespace/name, as plain maps without the chart-only labels, numbers by
     * value.
     */
    private static Map<String, Object> normalized(List<HasMetadata> objects) {
        Map<String, Object> byKey = new LinkedHashMap<>();
        for (HasMetadata object : objects) {
            String namespace = object.getMetadata().getNamespace();
            String key =
                    object.getKind()
                            + "/"
                            + (namespace == null ? "" : namespace)
                            + "/"
                            + object.getMetadata().getName();
            Object previous =
                    byKey.put(
                            key,
                            withoutChartLabels(
                                    Serialization.jsonMapper().convertValue(object, Map.class)));
            assertThat(previous).as("%s rendered twice", key).isNull();
        }
        return byKey;
    }

    @SuppressWarnings("unchecked")
    private static Object withoutChartLabels(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!CHART_ONLY_LABELS.contains(entry.getKey())) {
                    copy.put((String) entry.getKey(), withoutChartLabels(entry.getValue()));
                }
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(HelmChartIT::withoutChartLabels).toList();
        }
        // kustomize writes the CRD's 0.0 as 0: numbers compare by value.
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).stripTrailingZeros();
        }
        return value;
    }

    @Test
    void aNamespacedInstallGrantsTheOperatorOnlyItsWatchedNamespaces() throws IOException {
        String namespace = "distillery-scoped";
        ApiServer.namespace(admin, namespace);
        String rendered = template("scoped", namespace, "namespaced");
        List<HasMetadata> objects = load(rendered);
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .doesNotContain("ClusterRole", "ClusterRoleBinding");
        Container operator = operatorContainer(objects);
        assertThat(env(operator, "DISTILLERY_NAMESPACES")).isEqualTo("team-a,team-b");
        assertThat(operator.getArgs()).doesNotContain("--leader-election");

        Command applied =
                kubectl(
                        rendered,
                        "apply",
                        "--server-side",
                        "--field-manager=helm-chart-it",
                        "--filename=-");
        assertThat(applied.exitCode()).as(applied.output()).isZero();

        String operatorUser = "system:serviceaccount:" + namespace + ":scoped-operator";
        assertThat(canI(operatorUser, "create", "jobs.batch", "team-a")).isTrue();
        assertThat(canI(operatorUser, "patch", "distillations.distillery.dev", "team-b")).isTrue();
        assertThat(canI(operatorUser, "list", "pods", "team-b")).isTrue();
        assertThat(canI(operatorUser, "create", "jobs.batch", "team-c")).isFalse();
        assertThat(canI(operatorUser, "list", "distillations.distillery.dev", "team-c")).isFalse();
        assertThat(canI(operatorUser, "get", "secrets", "team-a")).isFalse();
        assertThat(canI(operatorUser, "create", "leases.coordination.k8s.io", namespace)).isFalse();
    }

    @Test
    void anOperatorWithOnlyTheNamespacedRolesReconcilesInItsNamespace() throws Exception {
        String namespace = "distillery-scoped-run";
        ApiServer.namespace(admin, namespace);
        Command applied =
                kubectl(
                        template("scoped-run", namespace, "namespaced"),
                        "apply",
                        "--server-side",
                        "--field-manager=helm-chart-it",
                        "--filename=-");
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        Config config =
                new ConfigBuilder(Config.fromKubeconfig(ApiServer.kubeconfig()))
                        .withImpersonateUsername(
                                "system:serviceaccount:" + namespace + ":scoped-run-operator")
                        .withImpersonateGroups(
                                "system:serviceaccounts",
                                "system:serviceaccounts:" + namespace,
                                "system:authenticated")
                        .build();
        OperatorOptions options =
                new OperatorOptions(
                        Set.of("team-a"), Operators.JOBS, null, Duration.ofSeconds(3), "helm-it");
        try (KubernetesClient asChart = new KubernetesClientBuilder().withConfig(config).build();
                DistilleryOperator operator =
                        DistilleryOperator.start(
                                asChart,
                                options,
                                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            DistillationOperatorIT.apply(
                    admin,
                    DistillationOperatorIT.spec("scoped", "")
                            .replace("namespace: operator-it", "namespace: team-a"));

            Eventually.until(
                    Duration.ofSeconds(60),
                    () -> {
                        Distillation d = DistillationOperatorIT.get(admin, "team-a", "scoped");
                        return d.getStatus() != null
                                && d.getStatus().getPhase() != null
                                && !admin.batch()
                                        .v1()
                                        .jobs()
                                        .inNamespace("team-a")
                                        .withLabel("distillery.dev/distillation", "scoped")
                                        .list()
                                        .getItems()
                                        .isEmpty();
                    });
        }
    }

    private static boolean canI(String user, String verb, String resource, String namespace)
            throws IOException {
        Command result =
                kubectl(
                        null,
                        "auth",
                        "can-i",
                        verb,
                        resource,
                        "--namespace",
                        namespace,
                        "--as",
                        user);
        assertThat(result.output().strip()).as(result.output()).isIn("yes", "no");
        return result.exitCode() == 0;
    }

    @Test
    void theMonitoringValuesRenderAServiceMonitorAPdbAndTheirImages() throws IOException {
        List<HasMetadata> objects = load(template("distillery", "monitoring", "monitoring"));
        Container operator = operatorContainer(objects);
        Deployment deployment = ofType(objects, Deployment.class).get(0);
        Map<String, String> podSelector = deployment.getSpec().getSelector().getMatchLabels();

        assertThat(operator.getImage()).isEqualTo("registry.example/ml/distillery-operator:0.1.0");
        assertThat(env(operator, "DISTILLERY_STEP_IMAGE"))
                .isEqualTo("registry.example/ml/distillery-step:0.1.0");
        assertThat(env(operator, "DISTILLERY_GPU_RESOURCE")).isEqualTo("amd.com/gpu");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);

        GenericKubernetesResource monitor =
                ofType(objects, GenericKubernetesResource.class).stream()
                        .filter(o -> o.getKind().equals("ServiceMonitor"))
                        .findFirst()
                        .orElseThrow();
        assertThat(monitor.getMetadata().getLabels())
                .containsEntry("release", "kube-prometheus-stack");
        assertThat((Map<String, Object>) monitor.get("spec", "selector"))
                .containsEntry("matchLabels", podSelector);
        assertThat((Object) monitor.get("spec", "endpoints", 0, "port")).isEqualTo("http");
        assertThat(
                        ofType(objects, io.fabric8.kubernetes.api.model.Service.class)
                                .get(0)
                                .getSpec()
                                .getPorts()
                                .get(0)
                                .getName())
                .isEqualTo("http");

        var pdb =
                ofType(objects, io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class)
                        .get(0);
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(podSelector);
    }

    private static GenericKubernetesResource serviceMonitor(List<HasMetadata> objects) {
        return ofType(objects, GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals("ServiceMonitor"))
                .findFirst()
                .orElseThrow();
    }

    /**
     * The chart's values schema accepts exactly the scrape durations the Prometheus Operator's
     * ServiceMonitor schema accepts: a value helm takes is one the cluster takes, and one the
     * cluster would refuse stops at {@code helm install} with one message, not at apply.
     */
    @ParameterizedTest
    @CsvSource({
        "interval, 15s",
        "interval, 1m30s",
        "interval, 1d",
        "interval, 0",
        "interval, 30s1m",
        "interval, 1m1m",
        "interval, 15 seconds",
        "interval, 1.5s",
        "scrapeTimeout, 500ms",
        "scrapeTimeout, 10s5s"
    })
    void theChartTakesTheScrapeDurationsThePrometheusOperatorTakes(String field, String value)
            throws IOException {
        String release = "dry-monitor";
        ApiServer.namespace(admin, release);
        List<String> args = new ArrayList<>(List.of("template", release, chart().toString()));
        args.addAll(List.of("--namespace", release));
        args.addAll(valuesArgs("monitoring"));
        args.addAll(List.of("--set-string", "metrics.serviceMonitor." + field + "=" + value));
        Command helm = helm(args);

        // The ServiceMonitor helm rendered, or, where helm refused the value, the default one with
        // the value put in: what the Prometheus Operator's schema says of it.
        GenericKubernetesResource monitor =
                serviceMonitor(
                        load(
                                helm.exitCode() == 0
                                        ? helm.output()
                                        : template(release, release, "monitoring")));
        if (helm.exitCode() != 0) {
            ((Map<String, Object>) monitor.<List<Object>>get("spec", "endpoints").get(0))
                    .put(field, value);
        }
        Command cluster =
                kubectl(
                        Serialization.asYaml(monitor),
                        "apply",
                        "--server-side",
                        "--dry-run=server",
                        "--field-manager=helm-chart-it",
                        "--filename=-");

        assertThat(helm.exitCode() == 0)
                .as("helm: %s%ncluster: %s", helm.output(), cluster.output())
                .isEqualTo(cluster.exitCode() == 0);
        if (cluster.exitCode() != 0) {
            assertThat(cluster.output()).contains("spec.endpoints[0]." + field);
            assertThat(helm.output()).contains("/metrics/serviceMonitor/" + field);
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "replicaCount=2,leaderElection.enabled=false | every replica would reconcile the"
                        + " same Distillations",
                "replicaCount=1,podDisruptionBudget.enabled=true | podDisruptionBudget.enabled"
                        + " needs replicaCount >= 2",
                "watchNamespace={team-a} | watchNamespace",
                "watchNamespaces={Team_A} | watchNamespaces",
                "image.pullPolicy=Sometimes | pullPolicy",
            })
    void valuesThatCannotWorkStopWithOneMessage(String set, String message) throws IOException {
        Command result =
                helm(List.of("template", "distillery", chart().toString(), "--set", set.strip()));

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains(message.strip());
        assertThat(result.output().lines().filter(l -> l.startsWith("Error:"))).hasSize(1);
    }
}
