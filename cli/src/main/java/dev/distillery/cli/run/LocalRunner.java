package dev.distillery.cli.run;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.plan.StepScheduler;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.StatusLayout;
import dev.distillery.api.status.StatusRollup;
import dev.distillery.api.status.StepResults;
import dev.distillery.cli.progress.ProgressDisplay;
import dev.distillery.contract.StepSummary;
import dev.distillery.steps.artifacts.StepStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a plan on this machine: reuses every step whose artifact is already complete, starts the
 * others as child processes once their inputs exist, at most {@code concurrency} at a time, and
 * records each result in the resource's status and in {@code distillation.yaml} as it happens.
 */
public final class LocalRunner {
    private static final long GENERATION = 1;

    private final Distillation distillation;
    private final Plan plan;
    private final RunFolder folder;
    private final ProgressDisplay display;
    private final StepExecution execution;
    private final int concurrency;
    private final DistillationStatus status;
    private StepOutcome failure;
    private boolean finished;
    private boolean interrupted;

    public LocalRunner(
            Distillation distillation,
            Plan plan,
            RunFolder folder,
            StepLauncher launcher,
            int concurrency,
            ProgressDisplay display) {
        this.distillation = distillation;
        this.plan = plan;
        this.folder = folder;
        this.display = display;
        this.concurrency = concurrency;
        this.execution = new StepExecution(folder, launcher, display);
        this.status = StatusLayout.initial(plan, false, GENERATION, Instant.now());
        distillation.getMetadata().setGeneration(GENERATION);
        distillation.setStatus(status);
    }

    /** Runs every step; returns the first failed step's outcome, or empty when all succeeded. */
    public Optional<StepOutcome> run() {
        Thread hook = new Thread(this::interrupted, "distillery-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try (StepStorage storage = new StepStorage()) {
            ExecutorCompletionService<StepOutcome> done = new ExecutorCompletionService<>(pool);
            Set<String> launched = new HashSet<>();
            int running = 0;
            save();
            while (true) {
                List<PlannedStep> next = next(launched, running);
                boolean reusedAny = false;
                for (PlannedStep step : next) {
                    launched.add(step.name());
                    Optional<StepSummary> reused = Summaries.ifComplete(storage, step);
                    if (reused.isPresent()) {
                        record(new StepOutcome(step.name(), 0, reused.get(), null));
                        reusedAny = true;
                        continue;
                    }
                    started(step);
                    done.submit(() -> execution.run(step));
                    running++;
                }
                if (reusedAny) {
                    continue; // reused steps may have made others ready
                }
                if (running == 0) {
                    break; // everything ran, a failure stopped new starts, or an interrupt did
                }
                StepOutcome outcome = done.take().get();
                running--;
                record(outcome);
            }
            finish();
            return Optional.ofNullable(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a step runner failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running
            }
        }
    }

    /**
     * The steps to reuse or start now, by the rule the operator follows too: spec.parallelism is
     * this machine's {@code concurrency}, which also caps every step running at once.
     */
    private synchronized List<PlannedStep> next(Set<String> launched, int running) {
        if (interrupted) {
            return List.of();
        }
        StatusRollup.apply(status, false, GENERATION, Instant.now());
        return StepScheduler.next(
                plan, status, launched, concurrency, concurrency - running, false);
    }

    public Distillation distillation() {
        return distillation;
    }

    private synchronized void started(PlannedStep step) {
        StepResults.started(status, step.name(), null, Instant.now());
        save();
    }

    private synchronized void record(StepOutcome outcome) {
        if (interrupted) {
            return; // a step stopped by the interrupt has not failed: it resumes next time
        }
        Instant now = Instant.now();
        if (outcome.succeeded()) {
            StepResults.succeeded(status, plan, outcome.step(), outcome.summary(), now);
            display.event(describe(outcome));
        } else {
            StepResults.failed(status, outcome.step(), outcome.message(), now);
            display.event(outcome.step() + ": FAILED: " + outcome.message());
            if (failure == null) {
                failure = outcome;
                if (!finished) {
                    display.event("no new steps start; waiting for the running ones to finish");
                }
            }
        }
        save();
    }

    private synchronized void finish() {
        if (interrupted) {
            return;
        }
        finished = true;
        save();
        folder.record(failure == null ? "succeeded" : "failed");
    }

    /** Ctrl-C or a kill: stop the children (they keep their last epoch) and say how to go on. */
    private void interrupted() {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            interrupted = true;
        }
        execution.stopAll();
        synchronized (this) {
            save();
            folder.record("interrupted");
        }
        display.event(
                "interrupted: finished steps are kept and running ones stop at their last epoch"
                        + " checkpoint; run the same command again to resume");
        display.close();
    }

    private void save() {
        StatusRollup.apply(status, false, GENERATION, Instant.now());
        try {
            folder.write(RunFolder.RESOURCE, DistillationYaml.toYaml(distillation));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write " + folder.root().resolve(RunFolder.RESOURCE), e);
        }
    }

    private static String describe(StepOutcome outcome) {
        StepSummary summary = outcome.summary();
        StringBuilder text = new StringBuilder(outcome.step());
        text.append(outcome.reused() ? ": reused (already complete)" : ": done");
        Double accuracy = StepResults.accuracy(summary);
        if (accuracy != null) {
            text.append(String.format(Locale.ROOT, ", accuracy %.2f %%", accuracy * 100));
        }
        if (!outcome.reused()) {
            text.append(String.format(Locale.ROOT, " in %.0f s", summary.seconds()));
            if (summary.resumed()) {
                text.append(" (resumed from its checkpoint)");
            }
        }
        return text.toString();
    }
}
