package dev.distillery.operator.it;

import dev.distillery.api.Distillation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Operator scale figures against a real API server, not part of {@code mvn verify} (no *IT suffix):
 * run with {@code mvn -B -o -pl operator verify -Dit.test=OperatorBench}. The packaged operator
 * runs as its own process; for 1, 100 and 1,000 Distillations it reports the time from create to
 * first Job (p50, p99), the operator's API requests per Distillation over a whole life (create,
 * three steps to Succeeded, delete; 1 and 100 only) and its heap after a full GC.
 */
class OperatorBench {

    /** Pretrained teacher, one student: soft-labels, student and report Jobs. */
    private static String spec(String name, String namespace) {
        return """
                apiVersion: distillery.dev/v1alpha1
                kind: Distillation
                metadata: {name: %s, namespace: %s}
                spec:
                  dataset: {name: fashion-mnist, limit: 100}
                  storage: {uri: "s3://artifacts/bench"}
                  teacher: {pretrained: ["s3://artifacts/bench/teacher"]}
                  students: [{name: small, model: "mlp:16"}]
                """
                .formatted(name, namespace);
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private int port;

    private String metrics() throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private double metric(String prefix) throws Exception {
        return metrics()
                .lines()
                .filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private long heapAfterGc(long pid) throws Exception {
        Process gc = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run").start();
        gc.waitFor(60, TimeUnit.SECONDS);
        Thread.sleep(500);
        return (long) metric("jvm_memory_used_bytes{area=\"heap\"");
    }

    @Test
    void scale() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<Integer> sizes = List.of(1, 100, 1000);
        String namespaces = String.join(",", sizes.stream().map(n -> "bench-" + n).toList());
        Path log = Files.createTempFile("operator-bench", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(
                                Path.of(System.getProperty("user.dir"), "distillery-operator")
                                        .toString(),
                                "--namespaces",
                                namespaces,
                                "--http-port",
                                String.valueOf(port))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().put("KUBECONFIG", ApiServer.kubeconfigFile().toString());
        builder.environment().put("DISTILLERY_OPERATOR_JAVA_OPTS", "-Xmx512m");
        Process operator = builder.start();
        List<String> table = new ArrayList<>();
        try (KubernetesClient admin = ApiServer.admin()) {
            Eventually.until(
                    Duration.ofSeconds(60),
                    () -> {
                        try {
                            return metrics().contains("distillery_reconciliations_total");
                        } catch (Exception notYet) {
                            return false;
                        }
                    });
            Map<String, Long> firstJob = new ConcurrentHashMap<>();
            SharedIndexInformer<Job> informer =
                    admin.batch()
                            .v1()
                            .jobs()
                            .inAnyNamespace()
                            .inform(
                                    new ResourceEventHandler<>() {
                                        @Override
                                        public void onAdd(Job job) {
                                            firstJob.putIfAbsent(
                                                    job.getMetadata().getNamespace()
                                                            + "/"
                                                            + job.getMetadata()
                                                                    .getLabels()
                                                                    .get(
                                                                            "distillery.dev/distillation"),
                                                    System.nanoTime());
                                        }

                                        @Override
                                        public void onUpdate(Job before, Job after) {}

                                        @Override
                                        public void onDelete(Job job, boolean unknown) {}
                                    });
            long idleHeap = heapAfterGc(operator.pid());
            table.add("idle heap after GC: " + idleHeap / (1024 * 1024) + " MiB");
            for (int n : sizes) {
                String namespace = "bench-" + n;
                ApiServer.namespace(admin, namespace);
                double requestsBefore = metric("distillery_api_requests_total");
                Map<String, Long> created = new ConcurrentHashMap<>();
                for (int i = 0; i < n; i++) {
                    String name = "d" + i;
                    created.put(namespace + "/" + name, System.nanoTime());
                    DistillationOperatorIT.apply(admin, spec(name, namespace));
                }
                Eventually.until(
                        Duration.ofMinutes(5),
                        () -> created.keySet().stream().allMatch(firstJob::containsKey));
                List<Double> latencies =
                        created.entrySet().stream()
                                .map(e -> (firstJob.get(e.getKey()) - e.getValue()) / 1e6)
                                .sorted()
                                .toList();
                long heap = heapAfterGc(operator.pid());
                String row =
                        String.format(
                                "%5d Distillations: create -> first Job p50 %.0f ms, p99 %.0f ms; heap after GC %d MiB",
                                n,
                                percentile(latencies, 0.50),
                                percentile(latencies, 0.99),
                                heap / (1024 * 1024));
                if (n <= 100) {
                    JobController controller = new JobController(admin, namespace);
                    runToSucceeded(admin, controller, namespace, n);
                    admin.resources(Distillation.class).inNamespace(namespace).delete();
                    Eventually.until(
                            Duration.ofMinutes(2),
                            () ->
                                    admin.resources(Distillation.class)
                                            .inNamespace(namespace)
                                            .list()
                                            .getItems()
                                            .isEmpty());
                    Thread.sleep(3000);
                    double requests = metric("distillery_api_requests_total") - requestsBefore;
                    row +=
                            String.format(
                                    "; %.1f API requests per Distillation over its life",
                                    requests / n);
                }
                table.add(row);
                System.out.println("BENCH " + row);
            }
            informer.close();
        } finally {
            operator.destroy();
            operator.waitFor(30, TimeUnit.SECONDS);
        }
        System.out.println("BENCH results:");
        table.forEach(row -> System.out.println("BENCH " + row));
    }

    /** Plays the Job controller until every Distillation in {@code namespace} succeeded. */
    private static void runToSucceeded(
            KubernetesClient admin, JobController controller, String namespace, int n) {
        String summary =
                "{\"step\":\"train\",\"accuracy\":0.8,\"parameters\":1000,\"seconds\":1.0,\"resumed\":false}";
        java.util.Set<String> done = ConcurrentHashMap.newKeySet();
        Eventually.until(
                Duration.ofMinutes(5),
                () -> {
                    for (Job job :
                            admin.batch().v1().jobs().inNamespace(namespace).list().getItems()) {
                        if (done.add(job.getMetadata().getName())) {
                            controller.succeed(job.getMetadata().getName(), summary);
                        }
                    }
                    return admin
                                    .resources(Distillation.class)
                                    .inNamespace(namespace)
                                    .list()
                                    .getItems()
                                    .stream()
                                    .filter(
                                            d ->
                                                    d.getStatus() != null
                                                            && d.getStatus().getPhase()
                                                                    == dev.distillery.api.status
                                                                            .Phase.SUCCEEDED)
                                    .count()
                            == n;
                });
    }

    private static double percentile(List<Double> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
