package dev.distillery.store;

/**
 * Credentials could not be had: the STS endpoint was unreachable or failed ({@link #isTransient()},
 * retried like any S3 request), or it refused the token. The message names the endpoint, the role
 * and the token file, never the token or a key.
 */
final class S3CredentialsException extends RuntimeException {
    private final boolean transientFailure;

    S3CredentialsException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    /** Whether trying again later may succeed. */
    boolean isTransient() {
        return transientFailure;
    }

    /** The credentials failure in {@code e}'s causes, if there is one. */
    static S3CredentialsException in(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof S3CredentialsException found) {
                return found;
            }
        }
        return null;
    }
}
