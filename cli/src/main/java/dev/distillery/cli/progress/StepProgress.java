package dev.distillery.cli.progress;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How far one running step has come, from the lines it prints: epochs done of planned, loss,
 * throughput, and an ETA from the duration of the epochs so far. Thread-safe.
 */
public final class StepProgress {
    private final String step;
    private final int epochs;
    private final long startedNanos;
    private int resumedAfter;
    private EpochLine last;
    private long lastEpochNanos;
    private long epochNanos;
    private int epochsTimed;

    /** Progress of {@code step}, which plans {@code epochs} epochs (0 for steps without any). */
    public StepProgress(String step, int epochs, long startedNanos) {
        this.step = step;
        this.epochs = epochs;
        this.startedNanos = startedNanos;
        this.lastEpochNanos = startedNanos;
    }

    public String step() {
        return step;
    }

    /** Records a line the step printed; returns the epoch it reported, if any. */
    public synchronized Optional<EpochLine> accept(String line, long nowNanos) {
        if (line.startsWith("training ") && last == null) {
            lastEpochNanos = nowNanos; // data and engine loaded: the first epoch starts now
        }
        if (line.startsWith("resuming after epoch ")) {
            try {
                resumedAfter = Integer.parseInt(line.replaceAll("\\D+", " ").trim().split(" ")[0]);
            } catch (NumberFormatException e) {
                resumedAfter = 0;
            }
            lastEpochNanos = nowNanos;
        }
        Optional<EpochLine> epoch = EpochLine.parse(line);
        epoch.ifPresent(
                e -> {
                    if (last != null || e.epoch() == resumedAfter + 1) {
                        epochNanos += nowNanos - lastEpochNanos;
                        epochsTimed++;
                    }
                    last = e;
                    lastEpochNanos = nowNanos;
                });
        return epoch;
    }

    /** Whether the step trains for a planned number of epochs. */
    public boolean hasEpochs() {
        return epochs > 0;
    }

    /** The epochs finished so far. */
    public synchronized int epochsDone() {
        return last != null ? last.epoch() : resumedAfter;
    }

    /** The share of the planned epochs done, counting the running epoch by elapsed time. */
    public synchronized double fraction(long nowNanos) {
        if (epochs <= 0) {
            return 0;
        }
        double done = epochsDone();
        if (epochsTimed > 0 && done < epochs) {
            double perEpoch = (double) epochNanos / epochsTimed;
            done += Math.min(0.99, (nowNanos - lastEpochNanos) / perEpoch);
        }
        return Math.min(1, done / epochs);
    }

    /** The time left, once one epoch has been timed. */
    public synchronized Optional<Duration> eta(long nowNanos) {
        if (epochsTimed == 0 || epochs <= 0) {
            return Optional.empty();
        }
        double perEpoch = (double) epochNanos / epochsTimed;
        double left = (epochs - epochsDone()) * perEpoch - (nowNanos - lastEpochNanos);
        return Optional.of(Duration.ofNanos((long) Math.max(0, left)));
    }

    /** One line: {@code epoch 2/5 loss 0.4312 3120 samples/s ETA 0:41}. */
    public synchronized String describe(long nowNanos) {
        StringBuilder text = new StringBuilder();
        if (epochs > 0) {
            text.append("epoch ")
                    .append(Math.min(epochs, epochsDone() + 1))
                    .append('/')
                    .append(epochs);
        }
        if (last != null) {
            text.append(String.format(Locale.ROOT, "  loss %.4f", last.loss()));
            text.append(String.format(Locale.ROOT, "  %.0f samples/s", last.samplesPerSecond()));
        }
        eta(nowNanos).ifPresent(d -> text.append("  ETA ").append(clock(d)));
        text.append("  (").append(clock(Duration.ofNanos(nowNanos - startedNanos))).append(')');
        return text.toString().strip();
    }

    /** One finished epoch: {@code epoch 2/5 done: loss 0.4312, 3120 samples/s, ETA 0:41}. */
    public synchronized String describeEpoch(EpochLine epoch, long nowNanos) {
        StringBuilder text = new StringBuilder("epoch ").append(epoch.epoch());
        if (epochs > 0) {
            text.append('/').append(epochs);
        }
        text.append(
                String.format(
                        Locale.ROOT,
                        " done: loss %.4f, %.0f samples/s",
                        epoch.loss(),
                        epoch.samplesPerSecond()));
        if (Double.isFinite(epoch.validationAccuracy())) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            ", validation accuracy %.2f %%",
                            epoch.validationAccuracy() * 100));
        }
        if (epochs > 0 && epoch.epoch() < epochs) {
            eta(nowNanos).ifPresent(d -> text.append(", ETA ").append(clock(d)));
        }
        return text.toString();
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
    public static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
