package dev.distillery.store;

import java.time.Duration;

/**
 * How long to keep retrying a storage request that failed to connect or met a server error: tries
 * go on, with a wait that doubles from {@code firstBackoff} up to {@code maxBackoff}, until {@code
 * budget} has passed since the first try (or {@code maxAttempts} tries were made, if that comes
 * first). A server that restarts within the budget is retried through; one that stays away ends the
 * step with the retryable exit code, and its Job retries it later.
 *
 * @param budget the most time from the first try to the last, at least 0 (0: no retries)
 * @param maxAttempts tries in all, at least 1; {@link Integer#MAX_VALUE} for no limit but time
 * @param firstBackoff the wait before the second try
 * @param maxBackoff the longest wait between two tries
 */
public record RetryPolicy(
        Duration budget, int maxAttempts, Duration firstBackoff, Duration maxBackoff) {

    /** Retries for up to three minutes, waiting 0.25 s, 0.5 s, 1 s, ... and at most 20 s. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(
                    Duration.ofMinutes(3),
                    Integer.MAX_VALUE,
                    Duration.ofMillis(250),
                    Duration.ofSeconds(20));

    public RetryPolicy {
        if (budget.isNegative()
                || maxAttempts < 1
                || firstBackoff.isNegative()
                || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException(
                    "a retry policy needs budget >= 0, attempts >= 1 and 0 <= first backoff <= max"
                            + " backoff");
        }
    }

    /** These limits with another time budget. */
    public RetryPolicy withBudget(Duration newBudget) {
        return new RetryPolicy(newBudget, maxAttempts, firstBackoff, maxBackoff);
    }

    /** The wait after failed try number {@code attempt} (1-based), before the budget cuts it. */
    public Duration backoffAfter(int attempt) {
        Duration doubled = firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        return doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }

    /** Whether tries are limited by count as well as by time. */
    public boolean limitsAttempts() {
        return maxAttempts != Integer.MAX_VALUE;
    }

    @Override
    public String toString() {
        return "RetryPolicy[budget="
                + budget.toSeconds()
                + "s, attempts="
                + (limitsAttempts() ? String.valueOf(maxAttempts) : "unlimited")
                + ", backoff="
                + firstBackoff.toMillis()
                + "ms.."
                + maxBackoff.toMillis()
                + "ms]";
    }
}
