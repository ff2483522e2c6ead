package dev.distillery.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container-log server over real HTTPS with client certificates, on a key made by keytool
 * (self-signed, so it is its own CA), against log files laid out as the pod worker writes them.
 */
class ContainerLogServerTest {

    private static final String ID = "distillery://u/step/0";
    private static final char[] PASSWORD = "secret".toCharArray();

    @TempDir static Path keys;
    private static Path keystore;
    private static Path ca;

    @TempDir Path dir;
    private final AtomicReference<Pod> pod = new AtomicReference<>();
    private ContainerLogServer server;
    private HttpClient client;
    private Path log;

    @BeforeAll
    static void makeKey() throws Exception {
        keystore = keys.resolve("agent.p12");
        ca = keys.resolve("ca.pem");
        keytool(
                "-genkeypair",
                "-alias",
                "agent",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=agent",
                "-ext",
                "san=ip:127.0.0.1",
                "-validity",
                "1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "secret");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "agent",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "secret",
                "-file",
                ca.toString());
    }

    @BeforeEach
    void start() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        log = Files.createDirectories(logs.resolve("default_p_u/step")).resolve("0.log");
        Files.writeString(log, "one\ntwo\nthree\n");
        pod.set(pod(running()));
        SSLContext tls = ServingTls.context(keystore, PASSWORD, ca);
        server =
                ContainerLogServer.start(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        tls,
                        (namespace, name) ->
                                Optional.ofNullable(pod.get())
                                        .filter(p -> p.getMetadata().getName().equals(name)),
                        logs);
        client = HttpClient.newBuilder().sslContext(tls).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command =
                new java.util.ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "keytool")
                                        .toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static Pod pod(ContainerState state) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .withNamespace("default")
                .withUid("u")
                .endMetadata()
                .withNewStatus()
                .withContainerStatuses(
                        new ContainerStatusBuilder()
                                .withName("step")
                                .withContainerID(ID)
                                .withState(state)
                                .withLastState(new ContainerState())
                                .build())
                .endStatus()
                .build();
    }

    private static ContainerState running() {
        return new ContainerStateBuilder().withNewRunning().withStartedAt("t").endRunning().build();
    }

    private static ContainerState exited() {
        return new ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(0)
                .withContainerID(ID)
                .endTerminated()
                .build();
    }

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheWholeLogTheTailAndAFewBytes() throws Exception {
        assertThat(get("/containerLogs/default/p/step").body()).isEqualTo("one\ntwo\nthree\n");
        assertThat(get("/containerLogs/default/p/step?tailLines=2").body())
                .isEqualTo("two\nthree\n");
        assertThat(get("/containerLogs/default/p/step?tailLines=2&limitBytes=5").body())
                .isEqualTo("two\nt");
    }

    @Test
    void refusesWhatItCannotServeWithTheReason() throws Exception {
        HttpResponse<String> since = get("/containerLogs/default/p/step?sinceSeconds=10");
        assertThat(since.statusCode()).isEqualTo(400);
        assertThat(since.body()).startsWith("sinceSeconds is not supported");
        HttpResponse<String> previous = get("/containerLogs/default/p/step?previous=true");
        assertThat(previous.statusCode()).isEqualTo(400);
        assertThat(previous.body())
                .isEqualTo("previous terminated container \"step\" in pod \"p\" not found\n");
        HttpResponse<String> other = get("/containerLogs/default/q/step");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).isEqualTo("pod \"q\" does not exist\n");
    }

    @Test
    void followStreamsWhatTheContainerWritesAndEndsWhenItExits() throws Exception {
        HttpResponse<InputStream> response =
                client.send(
                        HttpRequest.newBuilder(
                                        uri(
                                                "/containerLogs/default/p/step?follow=true&tailLines=1"))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("three");
            Files.writeString(log, "four\n", StandardOpenOption.APPEND);
            assertThat(lines.readLine()).isEqualTo("four");
            Files.writeString(log, "five\n", StandardOpenOption.APPEND);
            pod.set(pod(exited()));
            assertThat(lines.readLine()).isEqualTo("five");
            assertThat(lines.readLine()).isNull();
        }
    }

    @Test
    void aClientWithoutACertificateOfTheCaIsRefused() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trusted.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext anonymous = SSLContext.getInstance("TLS");
        anonymous.init(null, trust.getTrustManagers(), null);
        HttpClient stranger = HttpClient.newBuilder().sslContext(anonymous).build();
        assertThatThrownBy(
                        () ->
                                stranger.send(
                                        HttpRequest.newBuilder(uri("/containerLogs/default/p/step"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }
}
