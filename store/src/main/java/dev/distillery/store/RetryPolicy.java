package dev.distillery.store;

import java.time.Duration;

/**
 * How often to try a storage request that failed to connect, and how long to wait before the first
 * retry (the wait doubles after each): few attempts and a few seconds in all, so that a step fails
 * fast with a retryable exit code and lets its Job retry it later.
 *
 * @param attempts tries in all, at least 1
 * @param firstBackoff the wait before the second try
 */
public record RetryPolicy(int attempts, Duration firstBackoff) {

    /** Four tries waiting 0.25 s, 0.5 s and 1 s between them. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(250));

    public RetryPolicy {
        if (attempts < 1 || firstBackoff.isNegative()) {
            throw new IllegalArgumentException(
                    "a retry policy needs attempts >= 1 and a backoff >= 0");
        }
    }

    /** The wait after failed try number {@code attempt} (1-based). */
    public Duration backoffAfter(int attempt) {
        return firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 16));
    }

    /** The sum of every wait when all tries fail. */
    public Duration totalBackoff() {
        Duration total = Duration.ZERO;
        for (int attempt = 1; attempt < attempts; attempt++) {
            total = total.plus(backoffAfter(attempt));
        }
        return total;
    }
}
