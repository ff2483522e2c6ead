package dev.distillery.operator.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import dev.distillery.api.plan.PlannedStep;
import dev.distillery.api.plan.StepScheduler;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.operator.model.FirstJobsFirst;
import dev.distillery.operator.model.JobObserver;
import dev.distillery.operator.model.Recheck;
import dev.distillery.operator.model.StatusDerivation;
import dev.distillery.operator.model.StepJobFactory;
import dev.distillery.operator.model.StepObservation;
import dev.distillery.operator.model.Transition;
import dev.distillery.operator.model.Transitions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Distillations as Jobs: observe (the owned Jobs and their pods) -> plan (the shared planner
 * and {@link StepScheduler}) -> act (create Jobs, suspend or resume them; never update or wait) ->
 * record (a status derived by {@link StatusDerivation}, and an Event per transition).
 *
 * <p>It sees every event, deletions included, and keeps its finalizer itself (JOSDK's {@code
 * Cleaner} would put one on every Distillation): only a Distillation with something to clean up,
 * {@code cleanupPolicy: Delete}, carries it, so deleting one under {@code Retain} (or its
 * namespace) never waits for a stopped operator.
 */
@ControllerConfiguration(
        name = "distillation",
        triggerReconcilerOnAllEvents = true,
        // A safety net for lost events; an unchanged Distillation costs no API call.
        maxReconciliationInterval =
                @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class DistillationReconciler implements Reconciler<Distillation> {

    /** Holds a deleted Distillation with {@code cleanupPolicy: Delete} until its cleanup ran. */
    public static final String FINALIZER = "distillery.dev/artifact-cleanup";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(DistillationReconciler.class);

    private final StepJobFactory jobs;
    private final JobActions actions;
    private final CleanupPolicyRunner cleanup;
    private final OperatorMetrics metrics;
    private final EventRecorder events;
    private final Clock clock;
    private final ReconcileQueue queue;
    private final PlanMemo plans = new PlanMemo();

    public DistillationReconciler(
            StepJobFactory jobs,
            JobActions actions,
            CleanupPolicyRunner cleanup,
            OperatorMetrics metrics,
            EventRecorder events,
            Clock clock,
            ReconcileQueue queue) {
        this.jobs = jobs;
        this.actions = actions;
        this.cleanup = cleanup;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
        this.queue = queue;
    }

    @Override
    public List<EventSource<?, Distillation>> prepareEventSources(
            EventSourceContext<Distillation> context) {
        return DistillationEventSources.of(context);
    }

    @Override
    public UpdateControl<Distillation> reconcile(
            Distillation distillation, Context<Distillation> context) {
        return metrics.reconciliation(() -> run(distillation, context));
    }

    private UpdateControl<Distillation> run(
            Distillation distillation, Context<Distillation> context) {
        if (context.isPrimaryResourceDeleted()) {
            metrics.forget(distillation.getMetadata().getUid());
            plans.forget(distillation.getMetadata().getUid());
            queue.forget(distillation.getMetadata().getUid());
            return UpdateControl.noUpdate();
        }
        if (distillation.isMarkedForDeletion()) {
            return delete(distillation, context);
        }
        if (CleanupPolicyRunner.needsFinalizer(distillation)) {
            context.resourceOperations().addFinalizer(FINALIZER);
        } else {
            context.resourceOperations().removeFinalizer(FINALIZER);
        }
        Instant now = clock.instant();
        PlanMemo.Planned planned = plans.of(distillation);
        if (planned.plan() == null) {
            return record(
                    distillation, StatusDerivation.invalid(distillation, planned.errors(), now));
        }
        Plan plan = planned.plan();
        Map<String, StepObservation> observed =
                observe(distillation, plan, context, now, jobs.settings().podStartTimeout());
        DistillationStatus status = StatusDerivation.derive(distillation, plan, observed, now);
        int flipped = actions.suspendOrResume(distillation, observed.values(), context.getClient());
        flipped += actions.stopNotStarting(distillation, observed.values(), context.getClient());
        FirstJobsFirst.Starts starts =
                FirstJobsFirst.of(
                        StepScheduler.next(
                                plan,
                                status,
                                observed.keySet(),
                                distillation.getSpec().parallelism(),
                                distillation.getSpec().suspend()),
                        queue.unacted(distillation),
                        queue.newcomersWaiting());
        List<PlannedStep> next = starts.now();
        for (PlannedStep step : next) {
            Job job = jobs.job(distillation, step);
            actions.create(job, context).ifPresent(c -> metrics.jobCreated(step.stage().label()));
            // Our own create raises no event, so the status names the new Job right away.
            observed.put(step.name(), JobObserver.observe(job, List.of()));
        }
        if (starts.heldBack()) {
            // The next reconcile starts the rest and records the status, once; it queues behind
            // the new Distillations.
            queue.started(distillation);
            return UpdateControl.<Distillation>noUpdate().rescheduleAfter(Recheck.HELD_BACK);
        }
        if (!next.isEmpty()) {
            status = StatusDerivation.derive(distillation, plan, observed, now);
        }
        LOG.debug(
                "event=Reconciled namespace={} name={} generation={} phase={} jobs={} created={}",
                distillation.getMetadata().getNamespace(),
                distillation.getMetadata().getName(),
                distillation.getMetadata().getGeneration(),
                status.getPhase(),
                observed.size(),
                next.size());
        UpdateControl<Distillation> control = record(distillation, status);
        boolean patchedWithFinalizer =
                control.isPatchStatus() && CleanupPolicyRunner.needsFinalizer(distillation);
        return Recheck.after(
                        flipped > 0,
                        patchedWithFinalizer,
                        observed.values(),
                        now,
                        jobs.settings().podStartTimeout())
                .map(control::rescheduleAfter)
                .orElse(control);
    }

    /** The observation of every planned step that has a Job, by step name. */
    private static Map<String, StepObservation> observe(
            Distillation distillation,
            Plan plan,
            Context<Distillation> context,
            Instant now,
            Duration startTimeout) {
        Map<String, Job> byName =
                context.getSecondaryResources(Job.class).stream()
                        .collect(
                                Collectors.toMap(
                                        j -> j.getMetadata().getName(),
                                        Function.identity(),
                                        (a, b) -> a));
        List<Pod> pods = List.copyOf(context.getSecondaryResources(Pod.class));
        Map<String, StepObservation> observed = new HashMap<>();
        for (PlannedStep step : plan.steps()) {
            Job job = byName.get(StepJobFactory.jobName(distillation, step));
            if (job != null) {
                observed.put(step.name(), JobObserver.observe(job, pods, now, startTimeout));
            }
        }
        return observed;
    }

    /** Emits the Events of what changed and patches the status when it changed. */
    private UpdateControl<Distillation> record(
            Distillation distillation, DistillationStatus status) {
        List<Transition> transitions = Transitions.between(distillation.getStatus(), status);
        events.record(distillation, transitions);
        metrics.phase(distillation.getMetadata().getUid(), status.getPhase());
        if (JSON.valueToTree(status).equals(JSON.valueToTree(distillation.getStatus()))) {
            return UpdateControl.noUpdate();
        }
        Distillation fresh = new Distillation();
        fresh.getMetadata().setName(distillation.getMetadata().getName());
        fresh.getMetadata().setNamespace(distillation.getMetadata().getNamespace());
        fresh.setStatus(status);
        return UpdateControl.patchStatus(fresh);
    }

    @Override
    public ErrorStatusUpdateControl<Distillation> updateErrorStatus(
            Distillation distillation, Context<Distillation> context, Exception e) {
        metrics.error();
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }

    /**
     * A deleted Distillation: its cleanup policy runs (polled, never waited for), then the
     * finalizer goes. One without the finalizer is gone as soon as the API server lets it go.
     */
    private UpdateControl<Distillation> delete(
            Distillation distillation, Context<Distillation> context) {
        if (!distillation.hasFinalizer(FINALIZER)) {
            return UpdateControl.noUpdate();
        }
        boolean done = cleanup.run(distillation, () -> context.getPrimaryCache().list().toList());
        if (!done) {
            return UpdateControl.<Distillation>noUpdate()
                    .rescheduleAfter(CleanupPolicyRunner.POLL_MILLIS);
        }
        context.resourceOperations().removeFinalizer(FINALIZER);
        return UpdateControl.noUpdate();
    }
}
