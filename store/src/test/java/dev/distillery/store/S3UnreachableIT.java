package dev.distillery.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 store pointed at a closed port: a real connection failure, retried a bounded number of
 * times or for a bounded time.
 */
class S3UnreachableIT {

    @TempDir Path tmp;

    @Test
    void unreachableEndpointFailsTransientlyAfterBoundedRetries() throws IOException {
        String endpoint = "http://127.0.0.1:" + MinioServer.freePort();
        Map<String, String> env =
                Map.of(
                        "AWS_ENDPOINT_URL", endpoint,
                        "AWS_ACCESS_KEY_ID", "AKID",
                        "AWS_SECRET_ACCESS_KEY", "never-shown",
                        "DISTILLERY_S3_ATTEMPTS", "3",
                        "DISTILLERY_S3_BACKOFF_MS", "200");
        String uri = "s3://runs/fashion/teacher";

        try (ArtifactStore store = ArtifactStores.open(uri, env)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.isComplete(uri))
                    .isInstanceOf(DistilleryException.class)
                    .hasMessageContaining(uri)
                    .hasMessageContaining(endpoint + " (from AWS_ENDPOINT_URL) failed 3 times")
                    .hasMessageNotContaining("never-shown")
                    .extracting(e -> ((DistilleryException) e).exitCode())
                    .isEqualTo(ExitCodes.TRANSIENT);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            // Waited 200 + 400 ms between the three tries, and not much longer.
            assertThat(took).isBetween(Duration.ofMillis(600), Duration.ofSeconds(5));
        }
    }

    @Test
    void theRetryBudgetBoundsTheWait() throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("model.json"), "{}");
        String uri = "s3://runs/student";
        Map<String, String> env =
                Map.of(
                        "AWS_ENDPOINT_URL",
                        "http://127.0.0.1:" + MinioServer.freePort(),
                        "DISTILLERY_S3_RETRY_SECONDS",
                        "3");

        try (ArtifactStore store = ArtifactStores.open(uri, env)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.publish(work, uri))
                    .isInstanceOf(DistilleryException.class)
                    .hasMessageContaining("(retry budget 3.0 s, DISTILLERY_S3_RETRY_SECONDS)")
                    .extracting(e -> ((DistilleryException) e).exitCode())
                    .isEqualTo(ExitCodes.TRANSIENT);
            // Retried for the whole budget (0.25 + 0.5 + 1 s, then the rest of 3 s), not longer.
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofSeconds(3), Duration.ofSeconds(6));
        }
    }
}
