package dev.distillery.cli.progress;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Progress as plain, timestamped log lines: one per event and per finished epoch. */
public final class LogProgress implements ProgressDisplay {
    private final PrintWriter out;

    public LogProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void started(StepProgress progress) {
        print(progress.step() + ": started");
    }

    @Override
    public void epoch(StepProgress progress, EpochLine epoch) {
        print(progress.step() + ": " + progress.describeEpoch(epoch, System.nanoTime()));
    }

    @Override
    public void stopped(StepProgress progress) {}

    @Override
    public void event(String message) {
        print(message);
    }

    private synchronized void print(String line) {
        out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
