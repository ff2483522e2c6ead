package dev.distillery.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.ErrorResponse;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
                    .withRetry(
                            new RetryPolicy(
                                    Duration.ofSeconds(60),
                                    3,
                                    Duration.ofMillis(100),
                                    Duration.ofSeconds(1)));
    private final AtomicLong nanos = new AtomicLong();
    private final S3Requests requests = requests(settings);

    /** Requests on a fake clock that only the waits (and slow tries) move forward. */
    private S3Requests requests(S3Settings with) {
        return new S3Requests(
                with,
                wait -> {
                    waits.add(wait);
                    nanos.addAndGet(wait.toNanos());
                },
                nanos::get);
    }

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
                .hasMessageContaining("failed 3 times over 0.3 s")
                .hasMessageNotContaining("the-secret")
                .extracting(e -> ((DistilleryException) e).exitCode())
                .isEqualTo(ExitCodes.TRANSIENT);
        assertThat(calls).hasValue(3);
    }

    @Test
    void byDefaultRetriesGoOnForThreeMinutesAndNoLonger() {
        S3Requests patient = requests(settings.withRetry(RetryPolicy.DEFAULT));
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(
                        () ->
                                patient.send(
                                        "read",
                                        URI,
                                        () -> {
                                            calls.incrementAndGet();
                                            throw new ConnectException("Connection refused");
                                        }))
                .hasMessageContaining(
                        "failed "
                                + calls.get()
                                + " times over 180.0 s (retry budget 180.0 s,"
                                + " DISTILLERY_S3_RETRY_SECONDS)")
                .extracting(e -> ((DistilleryException) e).exitCode())
                .isEqualTo(ExitCodes.TRANSIENT);
        // 0.25 + 0.5 + ... + 16 s, then 20 s waits, the last one cut to what is left of 180 s.
        assertThat(waits.subList(0, 8))
                .containsExactly(
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(20));
        assertThat(waits.stream().reduce(Duration.ZERO, Duration::plus))
                .isEqualTo(Duration.ofMinutes(3));
        assertThat(waits.get(waits.size() - 1)).isEqualTo(Duration.ofMillis(8250));
        assertThat(calls).hasValue(waits.size() + 1);
    }

    @Test
    void slowTriesCountAgainstTheBudget() {
        S3Requests patient =
                requests(
                        settings.withRetry(RetryPolicy.DEFAULT.withBudget(Duration.ofSeconds(30))));

        assertThatThrownBy(
                () ->
                        patient.send(
                                "read",
                                URI,
                                () -> {
                                    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
                                    throw new SocketTimeoutException("connect timed out");
                                }));

        // Each try takes 5 s (a connect timeout): the last one starts before 30 s have passed.
        assertThat(Duration.ofNanos(nanos.get()))
                .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(35));
    }

    @Test
    void aServerThatComesBackWithinTheBudgetIsRetriedThrough() {
        S3Requests patient = requests(settings.withRetry(RetryPolicy.DEFAULT));
        long back = Duration.ofSeconds(100).toNanos();

        String answer =
                patient.send(
                        "read",
                        URI,
                        () -> {
                            if (nanos.get() < back) {
                                throw s3Error("XMinioServerNotInitialized");
                            }
                            return "ok";
                        });

        assertThat(answer).isEqualTo("ok");
        assertThat(Duration.ofNanos(nanos.get()))
                .isBetween(Duration.ofSeconds(100), Duration.ofSeconds(120));
    }

    @Test
    void aZeroBudgetMeansOneTry() {
        S3Requests impatient =
                requests(settings.withRetry(RetryPolicy.DEFAULT.withBudget(Duration.ZERO)));
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(
                        () ->
                                impatient.send(
                                        "read",
                                        URI,
                                        () -> {
                                            calls.incrementAndGet();
                                            throw new ConnectException("Connection refused");
                                        }))
                .hasMessageContaining("failed 1 times");
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
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
