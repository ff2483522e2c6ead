package dev.distillery.cli.progress;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A live board on a terminal: one bar per running step (epoch, samples/s, loss, ETA), redrawn in
 * place every half second, with finished steps printed above it as lines that stay.
 */
public final class LiveProgress implements ProgressDisplay {
    private static final int BAR = 24;
    private static final String CLEAR_LINE = "\r\033[2K";

    private final PrintWriter out;
    private final int columns;
    private final List<StepProgress> running = new ArrayList<>();
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread thread = new Thread(r, "distillery-progress");
                        thread.setDaemon(true);
                        return thread;
                    });
    private int drawn;

    public LiveProgress(PrintWriter out) {
        this.out = out;
        this.columns = TerminalWidth.columns();
        ticker.scheduleAtFixedRate(this::redraw, 500, 500, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void started(StepProgress progress) {
        running.add(progress);
        redraw();
    }

    @Override
    public void epoch(StepProgress progress, EpochLine epoch) {
        redraw();
    }

    @Override
    public synchronized void stopped(StepProgress progress) {
        running.remove(progress);
        redraw();
    }

    @Override
    public synchronized void event(String message) {
        erase();
        out.println(message);
        draw();
    }

    private synchronized void redraw() {
        erase();
        draw();
    }

    private void erase() {
        for (int i = 0; i < drawn; i++) {
            out.print("\033[1A" + CLEAR_LINE);
        }
        drawn = 0;
    }

    private void draw() {
        long now = System.nanoTime();
        int width = running.stream().mapToInt(p -> p.step().length()).max().orElse(0);
        for (StepProgress progress : running) {
            if (!progress.hasEpochs()) {
                line(
                        String.format(Locale.ROOT, "%-" + width + "s [", progress.step())
                                + spinner(now)
                                + "] "
                                + progress.describe(now));
                continue;
            }
            double fraction = progress.fraction(now);
            int filled = (int) Math.round(fraction * BAR);
            line(
                    String.format(Locale.ROOT, "%-" + width + "s [", progress.step())
                            + "#".repeat(filled)
                            + "-".repeat(BAR - filled)
                            + String.format(Locale.ROOT, "] %3.0f%% ", fraction * 100)
                            + progress.describe(now));
        }
        out.flush();
    }

    /** One board line, cut to the terminal's width so it never wraps (a wrap breaks redrawing). */
    private void line(String text) {
        out.print(CLEAR_LINE);
        out.println(text.length() < columns ? text : text.substring(0, columns - 1));
        drawn++;
    }

    /** A band sweeping the bar, for steps that report no epochs. */
    private static String spinner(long now) {
        int at = (int) (now / 250_000_000L % BAR);
        StringBuilder bar = new StringBuilder("-".repeat(BAR));
        for (int i = 0; i < 3; i++) {
            bar.setCharAt((at + i) % BAR, '=');
        }
        return bar.toString() + "      ";
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        erase();
        out.flush();
    }
}
