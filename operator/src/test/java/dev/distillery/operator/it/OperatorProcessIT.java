package dev.distillery.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator started as users start it ({@code operator/distillery-operator}, the
 * Picocli main): it becomes ready, serves metrics, runs a Distillation and stops on SIGTERM.
 */
class OperatorProcessIT {

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int status(HttpClient http, int port, String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception notYet) {
            return -1;
        }
    }

    @Test
    void theLauncherRunsTheOperatorUntilItIsStopped() throws Exception {
        Path launcher = Path.of(System.getProperty("user.dir"), "distillery-operator");
        int port = freePort();
        Path log = Files.createTempFile("operator", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(
                                launcher.toString(),
                                "--namespaces",
                                "process-it",
                                "--step-image",
                                "registry.test/step:process",
                                "--http-port",
                                String.valueOf(port))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().put("KUBECONFIG", ApiServer.kubeconfigFile().toString());
        Process process = builder.start();
        try (KubernetesClient admin = ApiServer.admin()) {
            ApiServer.namespace(admin, "process-it");
            HttpClient http = HttpClient.newHttpClient();
            Eventually.until(Duration.ofSeconds(60), () -> status(http, port, "/readyz") == 200);
            assertThat(status(http, port, "/healthz")).isEqualTo(200);

            DistillationOperatorIT.apply(
                    admin,
                    DistillationOperatorIT.spec("proc", "").replace("operator-it", "process-it"));
            Eventually.until(
                    Duration.ofSeconds(30),
                    () ->
                            admin.batch()
                                            .v1()
                                            .jobs()
                                            .inNamespace("process-it")
                                            .withName("proc-teacher-0")
                                            .get()
                                    != null);
            assertThat(
                            admin.batch()
                                    .v1()
                                    .jobs()
                                    .inNamespace("process-it")
                                    .withName("proc-teacher-0")
                                    .get()
                                    .getSpec()
                                    .getTemplate()
                                    .getSpec()
                                    .getContainers()
                                    .get(0)
                                    .getImage())
                    .isEqualTo("registry.test/step:process");
            String metrics =
                    http.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + "/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            assertThat(metrics).contains("distillery_step_jobs_total{stage=\"teacher\"} 1.0");
            assertThat(metrics)
                    .contains("distillery_api_requests_total{method=\"POST\"}")
                    .contains("jvm_memory_used_bytes{area=\"heap\"");
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(log))
                .contains("event=OperatorStarted")
                .contains("event=JobCreated");
    }
}
