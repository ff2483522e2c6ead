package dev.distillery.store;

import dev.distillery.contract.DistilleryException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to reach S3: the endpoint, credentials and region from the environment variables S3 users
 * already set, and how hard to retry an unreachable endpoint. {@link #toString()} never shows the
 * secret.
 *
 * @param endpoint the endpoint URL, such as {@code http://127.0.0.1:9000}
 * @param endpointSource the environment variable the endpoint came from, for messages
 * @param accessKey the access key id, or empty for anonymous access
 * @param secretKey the secret access key, or empty for anonymous access
 * @param region the signing region
 * @param retry how often and how patiently to retry a connection failure
 * @param connectTimeout how long to wait for a connection to open
 */
public record S3Settings(
        String endpoint,
        String endpointSource,
        String accessKey,
        String secretKey,
        String region,
        RetryPolicy retry,
        Duration connectTimeout) {

    /** The endpoint variables in the order they are looked up. */
    public static final List<String> ENDPOINT_VARIABLES =
            List.of("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "S3_ENDPOINT");

    /** Seconds a request is retried for, from its first try (default 180). */
    public static final String RETRY_SECONDS_VARIABLE = "DISTILLERY_S3_RETRY_SECONDS";

    /** Tries per request at most, within the retry time (default: no limit but time). */
    public static final String ATTEMPTS_VARIABLE = "DISTILLERY_S3_ATTEMPTS";

    /** Milliseconds before the first retry, doubling after each up to 20 s (default 250). */
    public static final String BACKOFF_VARIABLE = "DISTILLERY_S3_BACKOFF_MS";

    static final String ACCESS_KEY_VARIABLE = "AWS_ACCESS_KEY_ID";
    static final String SECRET_KEY_VARIABLE = "AWS_SECRET_ACCESS_KEY";
    static final String REGION_VARIABLE = "AWS_REGION";
    static final String DEFAULT_REGION = "us-east-1";

    /** Reads the settings from this process's environment. */
    public static S3Settings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads the settings from {@code env}; a malformed value is bad input naming its variable.
     * Without an endpoint variable the AWS endpoint of the region is used.
     */
    public static S3Settings fromEnvironment(Map<String, String> env) {
        String region =
                valueOf(env, REGION_VARIABLE, valueOf(env, "AWS_DEFAULT_REGION", DEFAULT_REGION));
        String endpoint = "https://s3." + region + ".amazonaws.com";
        String source = "the default for " + REGION_VARIABLE + "=" + region;
        for (String variable : ENDPOINT_VARIABLES) {
            String value = valueOf(env, variable, "");
            if (!value.isEmpty()) {
                endpoint = checkedEndpoint(value, variable);
                source = variable;
                break;
            }
        }
        String accessKey = valueOf(env, ACCESS_KEY_VARIABLE, "");
        String secretKey = valueOf(env, SECRET_KEY_VARIABLE, "");
        if (accessKey.isEmpty() != secretKey.isEmpty()) {
            String missing = accessKey.isEmpty() ? ACCESS_KEY_VARIABLE : SECRET_KEY_VARIABLE;
            throw DistilleryException.badInput(
                    missing + " is not set, but its partner is: set both or neither");
        }
        RetryPolicy retry = retryPolicy(env);
        return new S3Settings(
                endpoint, source, accessKey, secretKey, region, retry, Duration.ofSeconds(5));
    }

    private static RetryPolicy retryPolicy(Map<String, String> env) {
        RetryPolicy fallback = RetryPolicy.DEFAULT;
        int seconds = intValue(env, RETRY_SECONDS_VARIABLE, (int) fallback.budget().toSeconds(), 0);
        int attempts = intValue(env, ATTEMPTS_VARIABLE, fallback.maxAttempts(), 1);
        int backoffMillis =
                intValue(env, BACKOFF_VARIABLE, (int) fallback.firstBackoff().toMillis(), 0);
        Duration firstBackoff = Duration.ofMillis(backoffMillis);
        Duration maxBackoff =
                firstBackoff.compareTo(fallback.maxBackoff()) > 0
                        ? firstBackoff
                        : fallback.maxBackoff();
        return new RetryPolicy(Duration.ofSeconds(seconds), attempts, firstBackoff, maxBackoff);
    }

    /** These settings with another retry policy. */
    public S3Settings withRetry(RetryPolicy policy) {
        return new S3Settings(
                endpoint, endpointSource, accessKey, secretKey, region, policy, connectTimeout);
    }

    /** Whether requests are signed with credentials. */
    public boolean hasCredentials() {
        return !accessKey.isEmpty();
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint="
                + endpoint
                + ", region="
                + region
                + ", accessKey="
                + (hasCredentials() ? accessKey : "(anonymous)")
                + ", retry="
                + retry
                + "]";
    }

    private static String valueOf(Map<String, String> env, String variable, String fallback) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static String checkedEndpoint(String value, String variable) {
        try {
            URI uri = new URI(value);
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            if (http && uri.getHost() != null) {
                return value.replaceAll("/+$", "");
            }
        } catch (URISyntaxException e) {
            // reported below, with the variable's name
        }
        throw DistilleryException.badInput(
                variable + "='" + value + "' is not an http(s) URL such as http://127.0.0.1:9000");
    }

    private static int intValue(Map<String, String> env, String variable, int fallback, int min) {
        String value = valueOf(env, variable, "");
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, with the variable's name
        }
        throw DistilleryException.badInput(
                variable + "='" + value + "' is not a whole number of at least " + min);
    }
}
