package dev.distillery.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Virtual-host and path-style addressing against a real MinIO that serves both (started with {@code
 * MINIO_DOMAIN=localhost}). {@code bucket.localhost} does not resolve on every machine, so the
 * store's HTTP client resolves {@code *.localhost} to the loopback address and records the hosts it
 * was asked for.
 */
class S3AddressingIT {

    private static final String BUCKET = "addressing";
    private static MinioServer server;

    @TempDir Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        server = MinioServer.start(Map.of("MINIO_DOMAIN", "localhost"));
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void virtualHostStyleAddressesTheBucketAsAHostName() throws Exception {
        assertThat(roundTrip("virtual")).containsExactly(BUCKET + ".localhost");
    }

    @Test
    void pathStyleStaysTheDefaultOffAws() throws Exception {
        assertThat(roundTrip(null)).containsExactly("localhost");
    }

    /** Publishes and fetches an artifact; the host names the store's requests went to. */
    private Set<String> roundTrip(String style) throws Exception {
        Set<String> hosts = new ConcurrentSkipListSet<>();
        Dns loopback =
                host -> {
                    hosts.add(host);
                    return List.of(InetAddress.getLoopbackAddress());
                };
        Map<String, String> env = new HashMap<>(server.environment());
        env.put("AWS_ENDPOINT_URL", server.endpoint().replace("127.0.0.1", "localhost"));
        if (style != null) {
            env.put("DISTILLERY_S3_ADDRESSING_STYLE", style);
        }
        S3Settings settings = S3Settings.fromEnvironment(env);
        String uri = "s3://" + BUCKET + "/" + (style == null ? "path" : style);
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("model.json"), "{\"style\":\"" + style + "\"}");
        try (ArtifactStore store =
                new S3ArtifactStore(
                        settings,
                        new S3Requests(settings),
                        new OkHttpClient.Builder().dns(loopback).build())) {
            Manifest published = store.publish(work, uri);
            assertThat(store.manifest(uri)).contains(published);
            assertThat(store.fetch(uri, tmp.resolve("scratch")).resolve("model.json"))
                    .hasContent("{\"style\":\"" + style + "\"}");
        }
        return new TreeSet<>(hosts);
    }
}
