package dev.distillery.store;

import dev.distillery.contract.DistilleryException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach S3: the endpoint, credentials, region and addressing style from the environment
 * variables and AWS profile files S3 users already set, and how long to retry an unreachable
 * endpoint. {@link #toString()} never shows a secret.
 *
 * @param endpoint the endpoint URL, such as {@code http://127.0.0.1:9000}
 * @param endpointSource the environment variable the endpoint came from, for messages
 * @param credentials where the credentials come from
 * @param region the signing region
 * @param virtualHost whether buckets are addressed as {@code bucket.host} rather than {@code
 *     host/bucket}
 * @param retry how long and how patiently to retry a connection failure
 * @param partSize the size of one part of a multipart upload; larger files go up in parts
 * @param connectTimeout how long to wait for a connection to open
 */
public record S3Settings(
        String endpoint,
        String endpointSource,
        S3Credentials credentials,
        String region,
        boolean virtualHost,
        RetryPolicy retry,
        long partSize,
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

    /** {@code path}, {@code virtual} or {@code auto} (virtual on AWS, path elsewhere; default). */
    public static final String ADDRESSING_VARIABLE = "DISTILLERY_S3_ADDRESSING_STYLE";

    /** Mebibytes per part of a multipart upload, 5 to 5120 (default 16). */
    public static final String PART_SIZE_VARIABLE = "DISTILLERY_S3_PART_SIZE_MB";

    static final int DEFAULT_PART_SIZE_MB = 16;
    static final String REGION_VARIABLE = "AWS_REGION";
    static final String DEFAULT_REGION = "us-east-1";

    /** Reads the settings from this process's environment. */
    public static S3Settings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads the settings from {@code env} and the AWS profile it selects; a malformed value is bad
     * input naming its variable or file. Without an endpoint variable the AWS endpoint of the
     * region is used.
     */
    public static S3Settings fromEnvironment(Map<String, String> env) {
        Optional<AwsProfile> profile = AwsProfile.load(env);
        String region =
                valueOf(
                        env,
                        REGION_VARIABLE,
                        valueOf(
                                env,
                                "AWS_DEFAULT_REGION",
                                profile.flatMap(p -> p.get("region")).orElse(DEFAULT_REGION)));
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
        String style =
                valueOf(
                        env,
                        ADDRESSING_VARIABLE,
                        profile.flatMap(p -> p.get("s3.addressing_style")).orElse("auto"));
        return new S3Settings(
                endpoint,
                source,
                S3Credentials.resolve(env, profile, region),
                region,
                virtualHost(style, endpoint),
                retryPolicy(env),
                partSizeMb(env) * 1024L * 1024L,
                Duration.ofSeconds(5));
    }

    /** These settings with another retry policy. */
    public S3Settings withRetry(RetryPolicy policy) {
        return new S3Settings(
                endpoint,
                endpointSource,
                credentials,
                region,
                virtualHost,
                policy,
                partSize,
                connectTimeout);
    }

    /** Whether requests are signed with credentials. */
    public boolean hasCredentials() {
        return !(credentials instanceof S3Credentials.Anonymous);
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint="
                + endpoint
                + ", region="
                + region
                + ", credentials="
                + (hasCredentials() ? credentials : "(anonymous)")
                + ", addressing="
                + (virtualHost ? "virtual" : "path")
                + ", retry="
                + retry
                + "]";
    }

    /** Virtual-host style for {@code virtual}, and for {@code auto} on an AWS endpoint. */
    private static boolean virtualHost(String style, String endpoint) {
        switch (style.toLowerCase(Locale.ROOT)) {
            case "path":
                return false;
            case "virtual":
                return true;
            case "auto":
                String host = URI.create(endpoint).getHost();
                return host.equals("amazonaws.com") || host.endsWith(".amazonaws.com");
            default:
                throw DistilleryException.badInput(
                        ADDRESSING_VARIABLE
                                + "='"
                                + style
                                + "' is not one of path, virtual or auto");
        }
    }

    private static int partSizeMb(Map<String, String> env) {
        int mb = intValue(env, PART_SIZE_VARIABLE, DEFAULT_PART_SIZE_MB, 5);
        if (mb > 5120) {
            throw DistilleryException.badInput(
                    PART_SIZE_VARIABLE + "='" + mb + "' is above S3's largest part, 5120");
        }
        return mb;
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

    private static String valueOf(Map<String, String> env, String variable, String fallback) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static String checkedEndpoint(String value, String variable) {
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
