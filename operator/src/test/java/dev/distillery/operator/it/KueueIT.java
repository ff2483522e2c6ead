package dev.distillery.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import dev.distillery.api.status.Phase;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.suspend} of a run queued through Kueue ({@code spec.queueName}), against Kueue's
 * documented behaviour played on a real API server, at unit-test speed ({@code e2e/kueue-test} runs
 * the real Kueue controller beside a full control plane): Kueue resumes a Job once its Workload is
 * admitted and resumes it again if anyone else suspends it, so the operator must never write {@code
 * suspend} on a queued Job.
 */
class KueueIT {

    private static final String NAMESPACE = "kueue-it";
    private static final String JOB = "queued-teacher-0";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KubernetesClient admin;
    private static Operators operator;
    private static JobController jobs;

    /**
     * Kueue's job reconciler for the Jobs it admitted: a suspended Job whose Workload is admitted
     * is resumed ("Job admitted, unsuspending"); each time it had to is counted.
     */
    private static final class Kueue implements AutoCloseable {
        private final Set<String> admitted = ConcurrentHashMap.newKeySet();
        private final AtomicInteger unsuspended = new AtomicInteger();
        private final ExecutorService writes = Executors.newSingleThreadExecutor();
        private final Watch watch;

        Kueue() {
            watch =
                    admin.batch()
                            .v1()
                            .jobs()
                            .inNamespace(NAMESPACE)
                            .watch(
                                    new Watcher<>() {
                                        @Override
                                        public void eventReceived(Action action, Job job) {
                                            String name = job.getMetadata().getName();
                                            if (action == Action.MODIFIED
                                                    && admitted.contains(name)
                                                    && Boolean.TRUE.equals(
                                                            job.getSpec().getSuspend())) {
                                                unsuspended.incrementAndGet();
                                                writes.submit(() -> resume(name));
                                            }
                                        }

                                        @Override
                                        public void onClose(WatcherException cause) {}
                                    });
        }

        /** Admits the Workload of {@code job}: Kueue resumes the Job and its pod starts. */
        void admit(String job) {
            admitted.add(job);
            resume(job);
            jobs.start(job);
        }

        private void resume(String job) {
            admin.batch()
                    .v1()
                    .jobs()
                    .inNamespace(NAMESPACE)
                    .withName(job)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":false}}");
        }

        /** How often Kueue had to resume an admitted Job someone else suspended. */
        int unsuspended() {
            return unsuspended.get();
        }

        @Override
        public void close() {
            watch.close();
            writes.shutdownNow();
        }
    }

    @BeforeAll
    static void start() {
        admin = ApiServer.admin();
        ApiServer.namespace(admin, NAMESPACE);
        operator = Operators.start(NAMESPACE);
        jobs = new JobController(admin, NAMESPACE);
    }

    @AfterAll
    static void stop() {
        operator.close();
        admin.close();
    }

    private static Job job() {
        return admin.batch().v1().jobs().inNamespace(NAMESPACE).withName(JOB).get();
    }

    private static Distillation get() {
        return admin.resources(Distillation.class).inNamespace(NAMESPACE).withName("queued").get();
    }

    private static void suspend(boolean suspend) {
        admin.resources(Distillation.class)
                .inNamespace(NAMESPACE)
                .withName("queued")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"suspend\":" + suspend + "}}");
    }

    private static void waitForPhase(Phase phase) {
        Eventually.until(
                WAIT, () -> get().getStatus() != null && get().getStatus().getPhase() == phase);
    }

    @Test
    void suspendingAQueuedRunLeavesSuspendToKueueAndDeletesItsUnfinishedJobs() throws Exception {
        String yaml =
                DistillationOperatorIT.spec("queued", "queueName: gpu-queue")
                        .replace("namespace: operator-it", "namespace: " + NAMESPACE);
        admin.resource(DistillationYaml.parse(yaml, "queued.yaml")).create();
        Eventually.until(WAIT, () -> job() != null);
        assertThat(job().getSpec().getSuspend()).isTrue();

        try (Kueue kueue = new Kueue()) {
            kueue.admit(JOB);
            waitForPhase(Phase.RUNNING);

            suspend(true);
            // The Job goes (its Workload with it) instead of a suspend that Kueue would undo.
            Eventually.until(WAIT, () -> job() == null);
            waitForPhase(Phase.SUSPENDED);
            // Longer than the operator's 2 s recheck: nothing comes back, nothing was suspended.
            Thread.sleep(5_000);
            assertThat(job()).isNull();
            assertThat(kueue.unsuspended()).isZero();
        }

        suspend(false);
        // Created again, suspended, for Kueue to admit; the operator does not resume it.
        Eventually.until(WAIT, () -> job() != null);
        Thread.sleep(3_000);
        Job again = job();
        assertThat(again.getSpec().getSuspend()).isTrue();
        assertThat(again.getMetadata().getLabels())
                .containsEntry("kueue.x-k8s.io/queue-name", "gpu-queue");
        waitForPhase(Phase.PENDING);
    }
}
