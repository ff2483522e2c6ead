package dev.distillery.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.StepPhase;
import dev.distillery.api.status.StepStatus;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ArtifactStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCleanupTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static Distillation deleted(String uid, StepStatus... steps) {
        Distillation distillation = new Distillation();
        distillation.getMetadata().setName("run");
        distillation.getMetadata().setUid(uid);
        distillation.setStatus(new DistillationStatus().setSteps(List.of(steps)));
        return distillation;
    }

    private static StepStatus step(String name, StepPhase phase, String artifact, boolean reused) {
        return new StepStatus()
                .setName(name)
                .setPhase(phase)
                .setArtifact(artifact)
                .setReused(reused);
    }

    @Test
    void deletesOnlyTheArtifactsThisRunWrote() {
        DistillationStatus status =
                deleted(
                                "a",
                                step(
                                        "teacher-0",
                                        StepPhase.SUCCEEDED,
                                        "s3://artifacts/teacher/1",
                                        false),
                                step(
                                        "teacher-1",
                                        StepPhase.SUCCEEDED,
                                        "s3://artifacts/teacher/2",
                                        true),
                                step("soft-labels", StepPhase.FAILED, null, false),
                                step(
                                        "student-a",
                                        StepPhase.RUNNING,
                                        "s3://artifacts/student/3",
                                        false))
                        .getStatus();

        assertThat(ArtifactOwnership.written(status)).containsExactly("s3://artifacts/teacher/1");
    }

    @Test
    void removesAFileArtifactInTheBackground(@TempDir Path dir) throws Exception {
        Path local = Files.createDirectories(dir.resolve("local"));
        Files.writeString(local.resolve("model.json"), "{}");
        String uri = dir.resolve("store/teacher/k1").toUri().toString();
        try (ArtifactStore store = ArtifactStores.open(uri)) {
            store.publish(local, uri);
            assertThat(store.isComplete(uri)).isTrue();
        }
        ManualClock clock = new ManualClock();
        try (ArtifactCleanup cleanup = new ArtifactCleanup(Duration.ofSeconds(30), clock)) {
            Distillation run = deleted("b", step("teacher-0", StepPhase.SUCCEEDED, uri, false));

            ArtifactCleanup.Outcome outcome = cleanup.poll(run, List::of, Map.of());
            for (int i = 0; i < 100 && outcome.state() == ArtifactCleanup.State.RUNNING; i++) {
                Thread.sleep(50);
                outcome = cleanup.poll(run, List::of, Map.of());
            }

            assertThat(outcome.state()).isEqualTo(ArtifactCleanup.State.SUCCEEDED);
            assertThat(outcome.message()).isEqualTo("deleted 1 artifacts");
        }
        try (ArtifactStore store = ArtifactStores.open(uri)) {
            assertThat(store.isComplete(uri)).isFalse();
        }
    }

    @Test
    void removesTheLogsOfTheStepsThisRunRanFailedOnesTooAndKeepsAReusedStepsLog(@TempDir Path dir)
            throws Exception {
        Path store = Files.createDirectories(dir.resolve("store/teacher"));
        for (String key : List.of("k1", "k2", "k3")) {
            Files.writeString(store.resolve(key + ".log"), "== attempt\n");
        }
        Files.createDirectories(store.resolve("k3"));
        Distillation run =
                dev.distillery.api.DistillationYaml.parse(
                        """
                        apiVersion: distillery.dev/v1alpha1
                        kind: Distillation
                        metadata: {name: run, uid: c}
                        spec:
                          dataset: {name: fashion-mnist}
                          storage: {uri: '%s'}
                          teacher: {model: 'mlp:8', ensemble: 3}
                          students: [{name: s, model: 'mlp:4'}]
                        """
                                .formatted(dir.resolve("store").toUri()),
                        "run.yaml");
        run.setStatus(
                new DistillationStatus()
                        .setSteps(
                                List.of(
                                        step("teacher-0", StepPhase.FAILED, null, false)
                                                .setStage("teacher")
                                                .setKey("k1"),
                                        step("teacher-1", StepPhase.SUCCEEDED, null, true)
                                                .setStage("teacher")
                                                .setKey("k2"),
                                        step(
                                                        "teacher-2",
                                                        StepPhase.SUCCEEDED,
                                                        store.resolve("k3").toUri().toString(),
                                                        false)
                                                .setStage("teacher")
                                                .setKey("k3"))));
        try (ArtifactCleanup cleanup =
                new ArtifactCleanup(Duration.ofSeconds(30), new ManualClock())) {
            ArtifactCleanup.Outcome outcome = cleanup.poll(run, List::of, Map.of());
            for (int i = 0; i < 100 && outcome.state() == ArtifactCleanup.State.RUNNING; i++) {
                Thread.sleep(50);
                outcome = cleanup.poll(run, List::of, Map.of());
            }
            assertThat(outcome.state())
                    .as(outcome.message())
                    .isEqualTo(ArtifactCleanup.State.SUCCEEDED);
        }

        assertThat(store.resolve("k1.log")).doesNotExist();
        assertThat(store.resolve("k2.log")).exists();
        assertThat(store.resolve("k3.log")).doesNotExist();
    }

    @Test
    void givesUpWhenStorageDoesNotAnswerWithinTheBudget() {
        ManualClock clock = new ManualClock();
        Map<String, String> unreachable =
                Map.of(
                        "AWS_ENDPOINT_URL", "http://127.0.0.1:1",
                        "AWS_ACCESS_KEY_ID", "key",
                        "AWS_SECRET_ACCESS_KEY", "secret",
                        "DISTILLERY_S3_ATTEMPTS", "6",
                        "DISTILLERY_S3_BACKOFF_MS", "2000");
        try (ArtifactCleanup cleanup = new ArtifactCleanup(Duration.ofSeconds(30), clock)) {
            Distillation run =
                    deleted(
                            "c",
                            step(
                                    "teacher-0",
                                    StepPhase.SUCCEEDED,
                                    "s3://artifacts/teacher/1",
                                    false));

            assertThat(cleanup.poll(run, List::of, unreachable).state())
                    .isEqualTo(ArtifactCleanup.State.RUNNING);
            clock.advance(Duration.ofSeconds(31));
            ArtifactCleanup.Outcome outcome = cleanup.poll(run, List::of, unreachable);

            assertThat(outcome.state()).isEqualTo(ArtifactCleanup.State.FAILED);
            assertThat(outcome.message()).contains("within 30 s").contains("remain in storage");
        }
    }
}
