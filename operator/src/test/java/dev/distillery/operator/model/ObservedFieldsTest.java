package dev.distillery.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.plan.Plan;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservedFieldsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");

    private final Distillation quick = Fixtures.distillation(Fixtures.QUICKSTART);
    private final Plan plan = Fixtures.plan(quick);
    private final Job created = Fixtures.created(quick, Fixtures.step(plan, "teacher-0"));

    @Test
    void aCachedJobKeepsWhatTheObserverReadsAndNoPodTemplate() {
        Job done =
                new JobBuilder(
                                Fixtures.complete(
                                        created, "2026-01-01T00:00:00Z", "2026-01-01T00:05:00Z"))
                        .editMetadata()
                        .addToManagedFields(
                                new ManagedFieldsEntryBuilder().withManager("kube").build())
                        .endMetadata()
                        .build();
        Pod pod = Fixtures.pod(done, "0", 0, Fixtures.trained("s3://a/teacher", 0.9, 10));

        Job cached = ObservedFields.job(done);
        Pod cachedPod = ObservedFields.pod(pod);

        assertThat(cached.getSpec().getTemplate()).isNull();
        assertThat(cached.getMetadata().getManagedFields()).isNull();
        assertThat(cached.getMetadata().getOwnerReferences())
                .isEqualTo(done.getMetadata().getOwnerReferences());
        assertThat(JobObserver.observe(cached, List.of(cachedPod), NOW, Duration.ofMinutes(5)))
                .isEqualTo(JobObserver.observe(done, List.of(pod), NOW, Duration.ofMinutes(5)));
        assertThat(done.getSpec().getTemplate())
                .as("the informer's object is untouched")
                .isNotNull();
    }

    @Test
    void aCachedPodKeepsOnlyTheStepContainersStateAndNoSpec() {
        Job running = Fixtures.running(created, "2026-01-01T00:00:00Z");
        Pod stuck =
                new PodBuilder(
                                Fixtures.waiting(
                                        running, "2026-01-01T00:10:00Z", "ImagePullBackOff", "no"))
                        .withNewSpec()
                        .addNewContainer()
                        .withName("step")
                        .withImage("registry.test/step")
                        .endContainer()
                        .endSpec()
                        .editStatus()
                        .addNewContainerStatus()
                        .withName("istio-proxy")
                        .endContainerStatus()
                        .endStatus()
                        .build();

        Pod cached = ObservedFields.pod(stuck);

        assertThat(cached.getSpec()).isNull();
        assertThat(cached.getStatus().getContainerStatuses())
                .singleElement()
                .satisfies(c -> assertThat(c.getName()).isEqualTo(StepJobFactory.CONTAINER));
        assertThat(JobObserver.notStarting(List.of(cached)))
                .isEqualTo(JobObserver.notStarting(List.of(stuck)));
    }

    @Test
    void onlyAJobsConditionsSuspensionStartOrStopMatter() {
        Job running = Fixtures.running(created, "2026-01-01T00:00:00Z");
        Job moreActive =
                new JobBuilder(running).editStatus().withActive(2).withReady(1).endStatus().build();
        Job suspended = new JobBuilder(running).editSpec().withSuspend(true).endSpec().build();
        Job done = Fixtures.complete(created, "2026-01-01T00:00:00Z", "2026-01-01T00:05:00Z");
        Job stopped =
                new JobBuilder(running)
                        .editMetadata()
                        .addToAnnotations(Labels.FAILURE_ANNOTATION, "pod cannot start")
                        .endMetadata()
                        .build();

        assertThat(ObservedFields.jobChanged(moreActive, running)).isFalse();
        assertThat(ObservedFields.jobChanged(ObservedFields.job(moreActive), running)).isFalse();
        assertThat(ObservedFields.jobChanged(running, created)).as("started").isTrue();
        assertThat(ObservedFields.jobChanged(suspended, running)).isTrue();
        assertThat(ObservedFields.jobChanged(done, running)).isTrue();
        assertThat(ObservedFields.jobChanged(stopped, running)).isTrue();
    }

    /**
     * The Job controller's Complete comes after the pod's success, which already woke the reconcile
     * and decided the step: with its pods cached as succeeded, the Job's condition wakes nothing;
     * without them (the pod's update still on its way) it does.
     */
    @Test
    void aJobsCompleteAfterItsPodsSucceededWakesNothing() {
        Job running = Fixtures.running(created, "2026-01-01T00:00:00Z");
        Job done = Fixtures.complete(created, "2026-01-01T00:00:00Z", "2026-01-01T00:05:00Z");
        Pod succeeded =
                ObservedFields.pod(
                        Fixtures.pod(running, "0", 0, Fixtures.trained("s3://a/teacher", 0.9, 10)));
        Pod failed = ObservedFields.pod(Fixtures.pod(running, "0", 1, "out of memory"));

        assertThat(ObservedFields.jobChanged(done, running, List.of(succeeded))).isFalse();
        assertThat(ObservedFields.jobChanged(done, running, List.of())).isTrue();
        assertThat(ObservedFields.jobChanged(done, running, List.of(failed))).isTrue();
        assertThat(ObservedFields.jobChanged(running, created, List.of(succeeded)))
                .as("a start is read whatever the pods say")
                .isTrue();
        assertThat(JobObserver.observe(done, List.of(succeeded), NOW, Duration.ofMinutes(5)))
                .as("what the skipped update would have observed is what the pod's did")
                .isEqualTo(
                        JobObserver.observe(
                                running, List.of(succeeded), NOW, Duration.ofMinutes(5)));
    }

    @Test
    void onlyAPodThatCannotStartStopsBeingStuckOrSucceedsMatters() {
        Job running = Fixtures.running(created, "2026-01-01T00:00:00Z");
        Pod stuck = Fixtures.waiting(running, "2026-01-01T00:10:00Z", "ImagePullBackOff", "no");
        Pod configError =
                Fixtures.waiting(
                        running, "2026-01-01T00:10:00Z", "CreateContainerConfigError", "no key");
        Pod creating = Fixtures.waiting(running, "2026-01-01T00:10:00Z", "ContainerCreating", "");
        Pod finished = Fixtures.pod(running, "0", 0, Fixtures.trained("s3://a/teacher", 0.9, 10));
        Pod failed = Fixtures.pod(running, "0", 1, "out of memory");

        assertThat(ObservedFields.notStarting(stuck)).isEqualTo("ImagePullBackOff");
        assertThat(ObservedFields.notStarting(creating)).isNull();
        assertThat(ObservedFields.notStarting(finished)).isNull();
        assertThat(ObservedFields.podChanged(stuck, creating)).isTrue();
        assertThat(ObservedFields.podChanged(configError, stuck)).isTrue();
        assertThat(ObservedFields.podChanged(finished, creating))
                .as("a success: the step is done before its Job says so")
                .isTrue();
        assertThat(ObservedFields.podChanged(failed, creating))
                .as("a failure is read when the Job's conditions change (it may be retried)")
                .isFalse();
        assertThat(ObservedFields.podMatters(finished)).isTrue();
        assertThat(ObservedFields.podMatters(failed)).isFalse();
        assertThat(ObservedFields.podMatters(creating)).isFalse();
        assertThat(ObservedFields.podMatters(stuck)).isTrue();
        assertThat(ObservedFields.podChanged(creating, stuck)).isTrue();
    }

    @Test
    void aCachedDistillationKeepsSpecStatusAndFinalizersButNoManagedFields() {
        Distillation patched = Fixtures.distillation(Fixtures.QUICKSTART);
        patched.setStatus(StatusDerivation.derive(patched, plan, java.util.Map.of(), NOW));
        patched.getMetadata().getFinalizers().add("distillery.dev/artifact-cleanup");
        patched.getMetadata()
                .getManagedFields()
                .add(new ManagedFieldsEntryBuilder().withManager("distillery").build());

        Distillation cached = ObservedFields.distillation(patched);

        assertThat(cached.getMetadata().getManagedFields()).isNull();
        assertThat(cached.getMetadata().getFinalizers())
                .containsExactly("distillery.dev/artifact-cleanup");
        assertThat(cached.getMetadata().getUid()).isEqualTo(patched.getMetadata().getUid());
        assertThat(cached.getSpec()).isEqualTo(patched.getSpec());
        assertThat(cached.getStatus()).isEqualTo(patched.getStatus());
        assertThat(cached.getKind()).isEqualTo("Distillation");
    }
}
