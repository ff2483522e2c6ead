package dev.distillery.operator.it;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls until something holds, for assertions on what a controller does asynchronously. */
final class Eventually {

    private Eventually() {}

    /** Waits until {@code condition} holds, failing after {@code timeout}. */
    static void until(Duration timeout, BooleanSupplier condition) {
        value(timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /** Waits until {@code probe} returns a non-null value and returns it. */
    static <T> T value(Duration timeout, Supplier<T> probe) {
        Instant deadline = Instant.now().plus(timeout);
        RuntimeException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
        throw new AssertionError("condition not met within " + timeout, last);
    }
}
