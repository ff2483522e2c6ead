package dev.distillery.contract;

/**
 * The exit codes of every Distillery command: {@code distillery-step}, {@code distillery} and the
 * operator. They follow BSD {@code sysexits.h} where a code exists there, so a Job's {@code
 * podFailurePolicy} can tell input that will never succeed from a failure worth retrying.
 */
public final class ExitCodes {
    /** The command did what it was asked. */
    public static final int OK = 0;

    /** An unexpected failure (a bug or an unclassified error); retrying may help. */
    public static final int FAILURE = 1;

    /** The command line itself was wrong (unknown option, missing parameter): Picocli's code. */
    public static final int USAGE = 2;

    /**
     * The input is wrong (corrupt data, invalid spec, mismatched soft labels, NaN loss): the same
     * command will fail the same way, so do not retry. {@code EX_DATAERR}.
     */
    public static final int BAD_INPUT = 65;

    /**
     * A transient failure (storage unreachable after bounded retries): the same command may succeed
     * later, so retry. {@code EX_TEMPFAIL}.
     */
    public static final int TRANSIENT = 75;

    private ExitCodes() {}

    /** Whether a failed step with this exit code should be retried as it is. */
    public static boolean isRetryable(int exitCode) {
        return exitCode != OK && exitCode != USAGE && exitCode != BAD_INPUT;
    }
}
