package dev.distillery.cli.run;

import dev.distillery.api.plan.PlannedStep;
import dev.distillery.cli.progress.ProgressDisplay;
import dev.distillery.cli.progress.StepProgress;
import dev.distillery.contract.ExitCodes;
import dev.distillery.contract.StepSummary;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs one planned step as {@code distillery-step} child processes (one per shard, in turn): its
 * output appended to {@code logs/<step>.log} and followed for progress, its summary read from the
 * termination-message file it writes.
 */
final class StepExecution {
    /** The exit codes of a JVM ended by SIGINT and by SIGTERM (128 + the signal). */
    private static final int SIGINT_EXIT = 130;

    private static final int SIGTERM_EXIT = 143;

    private final RunFolder folder;
    private final StepLauncher launcher;
    private final ProgressDisplay display;
    private final Set<Process> children = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    StepExecution(RunFolder folder, StepLauncher launcher, ProgressDisplay display) {
        this.folder = folder;
        this.launcher = launcher;
        this.display = display;
    }

    /** Runs {@code step} to its end and says how it went. */
    StepOutcome run(PlannedStep step) {
        int epochs = step.arg("--epochs").map(Integer::parseInt).orElse(0);
        StepProgress progress = new StepProgress(step.name(), epochs, System.nanoTime());
        display.started(progress);
        try {
            List<StepSummary> shards = new ArrayList<>();
            for (int shard = 0; shard < step.shards(); shard++) {
                String name = step.shards() > 1 ? step.name() + "-shard-" + shard : step.name();
                StepOutcome outcome =
                        runOnce(
                                step.name(),
                                step.argsForShard(String.valueOf(shard)),
                                name,
                                progress);
                if (!outcome.succeeded()) {
                    return outcome;
                }
                shards.add(outcome.summary());
            }
            return new StepOutcome(step.name(), 0, Summaries.combine(step, shards), null);
        } finally {
            display.stopped(progress);
        }
    }

    private StepOutcome runOnce(
            String step, List<String> args, String summaryName, StepProgress progress) {
        Path summaryFile = folder.summary(summaryName);
        Path log = folder.log(step);
        Process process;
        try {
            if (stopped) {
                return new StepOutcome(step, ExitCodes.FAILURE, null, "interrupted");
            }
            Files.deleteIfExists(summaryFile);
            List<String> command = launcher.command(args, summaryFile);
            Files.writeString(
                    log,
                    "== " + Instant.now() + " distillery-step " + String.join(" ", args) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new StepOutcome(
                    step, ExitCodes.FAILURE, null, "cannot start the step: " + e.getMessage());
        }
        children.add(process);
        String failure = null;
        String lastLine = null;
        try (BufferedReader lines =
                        new BufferedReader(
                                new InputStreamReader(
                                        process.getInputStream(), StandardCharsets.UTF_8));
                BufferedWriter out =
                        Files.newBufferedWriter(
                                log,
                                StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.write(line);
                out.newLine();
                out.flush();
                if (line.startsWith("distillery-step ")) {
                    failure = line.substring("distillery-step ".length());
                }
                if (!line.isBlank()) {
                    lastLine = line.strip();
                }
                progress.accept(line, System.nanoTime())
                        .ifPresent(epoch -> display.epoch(progress, epoch));
            }
            int exit = process.waitFor();
            if (exit != 0) {
                String message =
                        failure != null
                                ? failure
                                : exit == SIGINT_EXIT || exit == SIGTERM_EXIT
                                        ? "stopped by a signal (Ctrl-C or kill): run again to"
                                                + " resume from its last epoch checkpoint"
                                        : "exited with code "
                                                + exit
                                                + (lastLine != null
                                                        ? ", last printed: " + lastLine
                                                        : "");
                return new StepOutcome(step, exit, null, message);
            }
            return new StepOutcome(
                    step, 0, StepSummary.fromJson(Files.readString(summaryFile)), null);
        } catch (IOException e) {
            return new StepOutcome(
                    step,
                    ExitCodes.FAILURE,
                    null,
                    "lost the step's output or summary: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            return new StepOutcome(step, ExitCodes.FAILURE, null, "interrupted");
        } finally {
            children.remove(process);
        }
    }

    /** Stops every running child: they keep their last epoch's checkpoint. */
    void stopAll() {
        stopped = true;
        for (Process child : children) {
            child.destroy();
        }
        for (Process child : children) {
            try {
                if (!child.waitFor(10, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
