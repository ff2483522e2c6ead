package dev.distillery.store;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MinIO server for integration tests: the binary {@code .ci/s3-server install} builds,
 * started on free loopback ports with its data in a temporary folder, stopped by {@link #close()}.
 * Shared with other modules' integration tests through this module's test jar.
 */
public final class MinioServer implements AutoCloseable {

    public static final String ACCESS_KEY = "distillery-it";
    public static final String SECRET_KEY = "distillery-it-secret";

    private final Path binary;
    private final Path home;
    private final int port;
    private final int consolePort;
    private final Map<String, String> extraEnvironment;
    private Process process;

    private MinioServer(Path binary, Path home, int port, Map<String, String> extraEnvironment)
            throws IOException {
        this.binary = binary;
        this.home = home;
        this.port = port;
        this.consolePort = freePort();
        this.extraEnvironment = extraEnvironment;
    }

    /** Starts MinIO and waits until it answers its readiness probe. */
    public static MinioServer start() throws IOException, InterruptedException {
        return start(Map.of());
    }

    /**
     * Starts MinIO with {@code extraEnvironment} added to its own (such as an OpenID provider's
     * settings) and waits until it answers its readiness probe.
     */
    public static MinioServer start(Map<String, String> extraEnvironment)
            throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("distillery-minio-");
        MinioServer server = new MinioServer(binary(), home, freePort(), extraEnvironment);
        server.launch();
        return server;
    }

    /** Stops the server and keeps its data, as an outage would; {@link #resume()} restarts it. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Starts the stopped server again on the same port with the same data. */
    public void resume() throws IOException, InterruptedException {
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(
                                binary.toString(),
                                "server",
                                "--quiet",
                                "--address",
                                "127.0.0.1:" + port,
                                "--console-address",
                                "127.0.0.1:" + consolePort,
                                home.resolve("data").toString())
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(
                                        home.resolve("minio.log").toFile()));
        builder.environment()
                .putAll(
                        Map.of(
                                "MINIO_ROOT_USER", ACCESS_KEY,
                                "MINIO_ROOT_PASSWORD", SECRET_KEY,
                                "MINIO_BROWSER", "off",
                                "MINIO_UPDATE", "off",
                                "MINIO_CI_CD", "1"));
        builder.environment().putAll(extraEnvironment);
        process = builder.start();
        awaitReady(Duration.ofSeconds(60));
    }

    private static Path binary() {
        String override = System.getenv("DISTILLERY_MINIO");
        Path binary =
                override != null && !override.isBlank()
                        ? Path.of(override)
                        : Path.of(System.getProperty("user.home"), ".cache/distillery/bin/minio");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(
                    "no MinIO binary at "
                            + binary
                            + ": run .ci/s3-server install (or set DISTILLERY_MINIO)");
        }
        return binary;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = Files.readString(home.resolve("minio.log"));
                close();
                throw new IllegalStateException("MinIO exited at start:\n" + log);
            }
            try {
                HttpURLConnection probe =
                        (HttpURLConnection)
                                URI.create(endpoint() + "/minio/health/ready")
                                        .toURL()
                                        .openConnection();
                probe.setConnectTimeout(500);
                probe.setReadTimeout(1000);
                if (probe.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("MinIO did not become ready at " + endpoint());
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The environment a user would set to reach this server. */
    public Map<String, String> environment() {
        return Map.of(
                "AWS_ENDPOINT_URL",
                endpoint(),
                "AWS_ACCESS_KEY_ID",
                ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY",
                SECRET_KEY,
                "DISTILLERY_S3_ATTEMPTS",
                "2",
                "DISTILLERY_S3_BACKOFF_MS",
                "50");
    }

    /** A raw client, for tests that tamper with objects behind the store's back. */
    public MinioClient client() {
        return MinioClient.builder()
                .endpoint(endpoint())
                .credentials(ACCESS_KEY, SECRET_KEY)
                .build();
    }

    public void createBucket(String bucket) throws Exception {
        try (MinioClient client = client()) {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
