package dev.distillery.contract;

/**
 * The one exception type that Distillery code throws for a failure a user should see: it carries
 * the exit code of the command and a message that names the problem and the input it is about.
 */
public class DistilleryException extends RuntimeException {
    private final int exitCode;

    public DistilleryException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public DistilleryException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Input that will never work as it is: a corrupt file, an invalid setting, a mismatch. */
    public static DistilleryException badInput(String message) {
        return new DistilleryException(ExitCodes.BAD_INPUT, message);
    }

    public static DistilleryException badInput(String message, Throwable cause) {
        return new DistilleryException(ExitCodes.BAD_INPUT, message, cause);
    }

    /** A failure that may pass if tried again later, such as unreachable storage. */
    public static DistilleryException transientFailure(String message, Throwable cause) {
        return new DistilleryException(ExitCodes.TRANSIENT, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
