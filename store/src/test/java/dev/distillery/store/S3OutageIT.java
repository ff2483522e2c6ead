package dev.distillery.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real MinIO server that goes away and comes back while the store is retrying. */
class S3OutageIT {

    private static final String BUCKET = "outage";

    @TempDir Path tmp;
    private MinioServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = MinioServer.start();
        server.createBucket(BUCKET);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void aServerThatComesBackWithinTheBudgetIsRetriedThrough() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("model.json"), "{\"layers\":[784,10]}");
        String uri = "s3://" + BUCKET + "/teacher";
        Map<String, String> env = new HashMap<>(server.environment());
        env.remove("DISTILLERY_S3_ATTEMPTS");
        env.put("DISTILLERY_S3_RETRY_SECONDS", "60");

        try (ArtifactStore store = ArtifactStores.open(uri, env)) {
            server.stop();
            long start = System.nanoTime();
            CompletableFuture<Manifest> publish =
                    CompletableFuture.supplyAsync(() -> store.publish(work, uri));
            Thread.sleep(3000);
            assertThat(publish).isNotDone();
            server.resume();

            Manifest published = publish.get(60, TimeUnit.SECONDS);

            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThan(Duration.ofSeconds(3));
            assertThat(store.manifest(uri)).contains(published);
            assertThat(store.fetch(uri, tmp.resolve("scratch")).resolve("model.json"))
                    .hasContent("{\"layers\":[784,10]}");
        }
    }
}
