package dev.distillery.store;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs S3 requests for one endpoint: retries connection failures and server errors with a doubling
 * backoff for as long as its {@link RetryPolicy} allows, then turns what still fails into the
 * {@link DistilleryException} a user should see: transient for an unreachable endpoint, bad input
 * for a missing bucket or refused credentials. Messages name the endpoint and the URI, never a
 * secret.
 */
final class S3Requests {

    /** One request to the S3 client. */
    @FunctionalInterface
    interface Request<T> {
        T send() throws Exception;
    }

    /** Waits between tries; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(S3Requests.class);
    private static final Set<String> ABSENT = Set.of("NoSuchKey", "NoSuchObject", "NoSuchUpload");
    private static final Set<String> DENIED =
            Set.of(
                    "AccessDenied",
                    "InvalidAccessKeyId",
                    "InvalidClientTokenId",
                    "InvalidTokenId",
                    "SignatureDoesNotMatch",
                    "InvalidToken",
                    "ExpiredToken",
                    "AllAccessDisabled");
    private static final Set<String> RETRYABLE =
            Set.of(
                    "InternalError",
                    "SlowDown",
                    "ServiceUnavailable",
                    "RequestTimeout",
                    "XMinioServerNotInitialized");

    private final S3Settings settings;
    private final Sleeper sleeper;
    private final LongSupplier nanoClock;

    /** Requests that wait with {@code sleeper} and read the time from {@code nanoClock}. */
    S3Requests(S3Settings settings, Sleeper sleeper, LongSupplier nanoClock) {
        this.settings = settings;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
    }

    S3Requests(S3Settings settings) {
        this(settings, duration -> Thread.sleep(duration.toMillis()), System::nanoTime);
    }

    /** Sends {@code request}, described as {@code action} on {@code uri} in messages. */
    <T> T send(String action, StorageUri uri, Request<T> request) {
        return sendUnlessAbsent(action, uri, request)
                .orElseThrow(
                        () ->
                                DistilleryException.badInput(
                                        "cannot " + action + " " + uri + ": no such object"));
    }

    /** Like {@link #send}, but empty when the object the request names does not exist. */
    <T> Optional<T> sendUnlessAbsent(String action, StorageUri uri, Request<T> request) {
        Exception last = null;
        RetryPolicy retry = settings.retry();
        long start = nanoClock.getAsLong();
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                return Optional.ofNullable(request.send());
            } catch (DistilleryException e) {
                throw e;
            } catch (ErrorResponseException e) {
                String code = e.errorResponse().code();
                if (ABSENT.contains(code)) {
                    return Optional.empty();
                }
                if (!isRetryable(e)) {
                    throw refused(action, uri, e);
                }
                last = e;
            } catch (IOException
                    | ServerException
                    | InsufficientDataException
                    | InvalidResponseException e) {
                last = e;
            } catch (Exception e) {
                S3CredentialsException credentials = S3CredentialsException.in(e);
                if (credentials == null) {
                    throw new DistilleryException(
                            ExitCodes.FAILURE,
                            "cannot "
                                    + action
                                    + " "
                                    + uri
                                    + " at "
                                    + settings.endpoint()
                                    + ": "
                                    + e,
                            e);
                }
                if (!credentials.isTransient()) {
                    throw DistilleryException.badInput(
                            "cannot " + action + " " + uri + ": " + credentials.getMessage(),
                            credentials);
                }
                last = credentials;
            }
            Duration left = retry.budget().minusNanos(nanoClock.getAsLong() - start);
            if (attempt >= retry.maxAttempts() || left.isNegative() || left.isZero()) {
                break;
            }
            Duration backoff = retry.backoffAfter(attempt);
            Duration wait = backoff.compareTo(left) < 0 ? backoff : left;
            LOG.warn(
                    "cannot {} {} at {} ({}); try {} failed, retrying in {} ms ({} s left)",
                    action,
                    uri,
                    settings.endpoint(),
                    last,
                    attempt,
                    wait.toMillis(),
                    left.toSeconds());
            pause(wait, action, uri, last);
        }
        Duration took = Duration.ofNanos(nanoClock.getAsLong() - start);
        throw DistilleryException.transientFailure(
                "cannot "
                        + action
                        + " "
                        + uri
                        + ": S3 endpoint "
                        + settings.endpoint()
                        + " (from "
                        + settings.endpointSource()
                        + ") failed "
                        + attempt
                        + " times over "
                        + seconds(took)
                        + " (retry budget "
                        + seconds(retry.budget())
                        + ", "
                        + S3Settings.RETRY_SECONDS_VARIABLE
                        + "): "
                        + last,
                last);
    }

    /** A duration as seconds with one decimal, such as {@code 2.5 s}. */
    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static boolean isRetryable(ErrorResponseException e) {
        return RETRYABLE.contains(e.errorResponse().code())
                || (e.response() != null && e.response().code() >= 500);
    }

    private DistilleryException refused(String action, StorageUri uri, ErrorResponseException e) {
        String code = e.errorResponse().code();
        if ("NoSuchBucket".equals(code)) {
            return DistilleryException.badInput(
                    "cannot "
                            + action
                            + " "
                            + uri
                            + ": bucket '"
                            + uri.bucket()
                            + "' does not exist at "
                            + settings.endpoint(),
                    e);
        }
        if (DENIED.contains(code)) {
            return DistilleryException.badInput(
                    "cannot "
                            + action
                            + " "
                            + uri
                            + ": "
                            + settings.endpoint()
                            + " refused access ("
                            + code
                            + "); check "
                            + settings.credentials().describe(),
                    e);
        }
        return new DistilleryException(
                ExitCodes.FAILURE,
                "cannot "
                        + action
                        + " "
                        + uri
                        + " at "
                        + settings.endpoint()
                        + ": "
                        + code
                        + " "
                        + e.errorResponse().message(),
                e);
    }

    private void pause(Duration wait, String action, StorageUri uri, Exception last) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DistilleryException.transientFailure(
                    "interrupted while retrying to " + action + " " + uri, last);
        }
    }
}
