package dev.distillery.steps.cli;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MinIO server (the binary {@code .ci/s3-server install} builds) on a free loopback port,
 * with its data in a temporary folder, stopped and removed by {@link #close()}.
 */
final class S3TestServer implements AutoCloseable {
    private static final String USER = "distillery-steps";
    private static final String PASSWORD = "distillery-steps-secret";

    private final Process process;
    private final Path home;
    private final String endpoint;

    private S3TestServer(Process process, Path home, String endpoint) {
        this.process = process;
        this.home = home;
        this.endpoint = endpoint;
    }

    static S3TestServer start(String bucket) throws Exception {
        String override = System.getenv("DISTILLERY_MINIO");
        Path binary =
                override != null && !override.isBlank()
                        ? Path.of(override)
                        : Path.of(System.getProperty("user.home"), ".cache/distillery/bin/minio");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(
                    "no MinIO at "
                            + binary
                            + ": run .ci/s3-server install or set DISTILLERY_MINIO");
        }
        Path home = Files.createTempDirectory("distillery-steps-minio");
        String address = "127.0.0.1:" + freePort();
        ProcessBuilder builder =
                new ProcessBuilder(
                                binary.toString(),
                                "server",
                                "--quiet",
                                "--address",
                                address,
                                "--console-address",
                                "127.0.0.1:" + freePort(),
                                home.resolve("data").toString())
                        .redirectErrorStream(true)
                        .redirectOutput(home.resolve("minio.log").toFile());
        builder.environment()
                .putAll(
                        Map.of(
                                "MINIO_ROOT_USER",
                                USER,
                                "MINIO_ROOT_PASSWORD",
                                PASSWORD,
                                "MINIO_BROWSER",
                                "off",
                                "MINIO_UPDATE",
                                "off"));
        S3TestServer server = new S3TestServer(builder.start(), home, "http://" + address);
        server.awaitReady();
        try (MinioClient client =
                MinioClient.builder()
                        .endpoint(server.endpoint)
                        .credentials(USER, PASSWORD)
                        .build()) {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        return server;
    }

    /** The environment a user sets to reach this server. */
    Map<String, String> environment() {
        return Map.of(
                "AWS_ENDPOINT_URL", endpoint,
                "AWS_ACCESS_KEY_ID", USER,
                "AWS_SECRET_ACCESS_KEY", PASSWORD);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "MinIO exited:\n" + Files.readString(home.resolve("minio.log")));
            }
            try {
                HttpURLConnection probe =
                        (HttpURLConnection)
                                URI.create(endpoint + "/minio/health/ready")
                                        .toURL()
                                        .openConnection();
                probe.setConnectTimeout(500);
                if (probe.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("MinIO did not become ready at " + endpoint);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
