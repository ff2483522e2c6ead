package dev.distillery.cli.progress;

/**
 * Where a local run shows its progress: a live board on a terminal ({@link LiveProgress}) or plain
 * log lines otherwise ({@link LogProgress}).
 */
public interface ProgressDisplay extends AutoCloseable {

    /** A step started; {@code progress} follows its output. */
    void started(StepProgress progress);

    /** The step of {@code progress} reported an epoch. */
    void epoch(StepProgress progress, EpochLine epoch);

    /** A step is no longer running. */
    void stopped(StepProgress progress);

    /** A message that stays: a step reused, finished or failed. */
    void event(String message);

    @Override
    void close();
}
