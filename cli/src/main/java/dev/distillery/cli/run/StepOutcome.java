package dev.distillery.cli.run;

import dev.distillery.contract.StepSummary;

/**
 * How one planned step ended on this machine.
 *
 * @param step the step's name
 * @param exitCode the exit code of {@code distillery-step} (0 also when reused)
 * @param summary what the step reported, when it succeeded
 * @param message why it failed: the step's own last error line, when it failed
 */
public record StepOutcome(String step, int exitCode, StepSummary summary, String message) {

    public boolean succeeded() {
        return exitCode == 0 && summary != null;
    }

    /** Whether its artifact was already complete, so it did not run: its summary says so. */
    public boolean reused() {
        return succeeded() && summary.reused();
    }
}
