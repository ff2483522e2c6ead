package dev.distillery.operator;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.plan.Planner;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.operator.model.JobObserver;
import dev.distillery.operator.model.ObservedFields;
import dev.distillery.operator.model.StatusDerivation;
import dev.distillery.operator.model.StepJobFactory;
import dev.distillery.operator.model.StepObservation;
import dev.distillery.operator.model.Transitions;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reconciles a sample Distillation in memory, many times, before the operator starts: its watch
 * event read from JSON, its plan, each step's Job written as the create request and read back as
 * the Jobs' watch brings it, the status derived and written as the patch. Nothing is sent.
 *
 * <p>Why: the JVM interprets a method until it has run often enough to be compiled. An operator
 * that starts (or fails over) into a backlog, such as a sweep of a thousand Distillations, would
 * otherwise spend its first seconds running its own code and the client's JSON code interpreted,
 * while the API server waits for its first Jobs (docs/BENCHMARKS.md, "Where a burst's first Job
 * waits"). Warmed, those paths are compiled before the first Distillation arrives.
 */
public final class WarmUp {

    /** Rounds when the command line does not say; about a second of one core. */
    public static final int DEFAULT_ROUNDS = 300;

    private static final String SAMPLE = "warm-up-distillation.yaml";

    /**
     * What a warm-up did.
     *
     * @param rounds sample Distillations reconciled
     * @param jobs step Jobs built, written and read back
     * @param took how long it took
     */
    public record Done(int rounds, int jobs, Duration took) {}

    private final StepJobFactory factory;
    private final KubernetesSerialization serialization;
    private final String sample;

    /**
     * A warm-up that builds Jobs with {@code factory} and reads and writes JSON with {@code
     * serialization}, the client's own (its serializer caches are warmed with it).
     */
    public WarmUp(StepJobFactory factory, KubernetesSerialization serialization) {
        this.factory = factory;
        this.serialization = serialization;
        this.sample =
                serialization.asJson(serialization.unmarshal(sampleYaml(), Distillation.class));
    }

    /** Reconciles the sample {@code rounds} times. */
    public Done run(int rounds) {
        long start = System.nanoTime();
        int jobs = 0;
        for (int round = 0; round < rounds; round++) {
            jobs += reconcile(Instant.now());
        }
        return new Done(rounds, jobs, Duration.ofNanos(System.nanoTime() - start));
    }

    /** One reconcile of the sample as the operator makes it; the number of Jobs built. */
    private int reconcile(Instant now) {
        Distillation distillation =
                ObservedFields.distillation(serialization.unmarshal(sample, Distillation.class));
        Plan plan = Planner.plan(distillation, PlanSettings.CLUSTER);
        Map<String, StepObservation> observed = new HashMap<>();
        for (PlannedStep step : plan.steps()) {
            String request = serialization.asJson(factory.job(distillation, step));
            Job echoed = ObservedFields.job(serialization.unmarshal(request, Job.class));
            observed.put(
                    step.name(),
                    JobObserver.observe(
                            echoed, List.of(), now, factory.settings().podStartTimeout()));
        }
        DistillationStatus status = StatusDerivation.derive(distillation, plan, observed, now);
        Transitions.between(distillation.getStatus(), status);
        serialization.asJson(status);
        return observed.size();
    }

    /** The sample Distillation as the jar holds it. */
    static String sampleYaml() {
        try (InputStream in = WarmUp.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("the operator's jar lacks " + SAMPLE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
