package dev.distillery.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.ErrorResponse;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class S3RequestsTest {

    private static final StorageUri URI = StorageUri.parse("s3://runs/teacher");

    private final List<Duration> waits = new ArrayList<>();
    private final S3Settings settings =
            S3Settings.fromEnvironment(
                            Map.of(
                                    "AWS_ENDPOINT_URL", "http://127.0.0.1:9",
                                    "AWS_ACCESS_KEY_ID", "AKID",
                                    "AWS_SECRET_ACCESS_KEY", "the-secret"))
                    .withRetry(new RetryPolicy(3, Duration.ofMillis(100)));
    private final S3Requests requests = new S3Requests(settings, waits::add);

    @Test
    void connectionFailuresAreRetriedWithDoublingBackoff() {
        AtomicInteger calls = new AtomicInteger();

        String answer =
                requests.send(
                        "read",
                        URI,
                        () -> {
                            if (calls.incrementAndGet() < 3) {
                                throw new ConnectException("Connection refused");
                            }
                            return "ok";
                        });

        assertThat(answer).isEqualTo("ok");
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void afterTheLastAttemptTheFailureIsTransientAndNamesEndpointAndUri() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(
                        () ->
                                requests.send(
                                        "read",
                                        URI,
                                        () -> {
                                            calls.incrementAndGet();
                                            throw new ConnectException("Connection refused");
                                        }))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("s3://runs/teacher")
                .hasMessageContaining("http://127.0.0.1:9 (from AWS_ENDPOINT_URL)")
                .hasMessageContaining("failed 3 times")
                .hasMessageNotContaining("the-secret")
                .extracting(e -> ((DistilleryException) e).exitCode())
                .isEqualTo(ExitCodes.TRANSIENT);
        assertThat(calls).hasValue(3);
    }

    @Test
    void missingBucketIsBadInputAndNotRetried() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(
                        () ->
                                requests.send(
                                        "read",
                                        URI,
                                        () -> {
                                            calls.incrementAndGet();
                                            throw s3Error("NoSuchBucket");
                                        }))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("bucket 'runs' does not exist at http://127.0.0.1:9")
                .extracting(e -> ((DistilleryException) e).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void refusedCredentialsAreBadInputNamingTheVariablesNotTheSecret() {
        assertThatThrownBy(
                        () ->
                                requests.send(
                                        "read",
                                        URI,
                                        () -> {
                                            throw s3Error("SignatureDoesNotMatch");
                                        }))
                .hasMessageContaining("refused access (SignatureDoesNotMatch)")
                .hasMessageContaining("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
                .hasMessageNotContaining("the-secret");
    }

    @Test
    void missingObjectIsEmptyNotAnError() {
        assertThat(
                        requests.sendUnlessAbsent(
                                "read",
                                URI,
                                () -> {
                                    throw s3Error("NoSuchKey");
                                }))
                .isEmpty();
        assertThat(waits).isEmpty();
    }

    @Test
    void serverBusyIsRetried() {
        AtomicInteger calls = new AtomicInteger();

        requests.send(
                "read",
                URI,
                () -> {
                    if (calls.incrementAndGet() == 1) {
                        throw s3Error("SlowDown");
                    }
                    return true;
                });

        assertThat(calls).hasValue(2);
    }

    private static ErrorResponseException s3Error(String code) {
        return new ErrorResponseException(
                new ErrorResponse(
                        code, code + " happened", "runs", "teacher", "/runs/teacher", "r", "h"),
                null,
                "");
    }
}
