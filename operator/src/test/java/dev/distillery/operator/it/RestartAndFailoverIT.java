package dev.distillery.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.operator.LeaderElection;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A restarted operator finds its Jobs and creates no duplicates; of two replicas electing a leader
 * through a Lease only the leader acts and watches (the standby sends nothing but Lease requests),
 * and the other takes over when the leader stops.
 */
class RestartAndFailoverIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static KubernetesClient admin;

    @BeforeAll
    static void connect() {
        admin = ApiServer.admin();
        ApiServer.namespace(admin, "restart-it");
        ApiServer.namespace(admin, "leader-it");
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    private static List<Job> jobs(String namespace) {
        return admin.batch().v1().jobs().inNamespace(namespace).list().getItems();
    }

    private static double counter(Operators operator, String line) {
        return operator.metrics()
                .scrape()
                .lines()
                .filter(l -> l.startsWith(line))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String holder() {
        Lease lease =
                admin.leases().inNamespace("distillery-system").withName("distillery-it").get();
        return lease != null && lease.getSpec() != null
                ? lease.getSpec().getHolderIdentity()
                : null;
    }

    private static LeaderElection election(String identity) {
        return election("distillery-it", identity);
    }

    private static LeaderElection election(String lease, String identity) {
        return new LeaderElection(
                lease, "distillery-system", identity, Duration.ofSeconds(4), false);
    }

    @Test
    void aRestartedOperatorCreatesNoDuplicateJobs() {
        List<String> uids;
        try (Operators first = Operators.start("restart-it")) {
            DistillationOperatorIT.apply(
                    admin,
                    DistillationOperatorIT.spec("again", "").replace("operator-it", "restart-it"));
            Eventually.until(WAIT, () -> jobs("restart-it").size() == 1);
            uids = jobs("restart-it").stream().map(j -> j.getMetadata().getUid()).toList();
        }

        try (Operators second = Operators.start("restart-it")) {
            Eventually.until(WAIT, () -> counter(second, "distillery_reconciliations_total") >= 1);
            assertThat(jobs("restart-it"))
                    .extracting(j -> j.getMetadata().getUid())
                    .isEqualTo(uids);
            assertThat(counter(second, "distillery_step_jobs_total")).isZero();

            new JobController(admin, "restart-it")
                    .succeed(
                            "again-teacher-0",
                            "{\"step\":\"train\",\"accuracy\":0.9,\"seconds\":1.0,\"resumed\":false}");
            Eventually.until(WAIT, () -> jobs("restart-it").size() == 2);
            Eventually.until(WAIT, () -> counter(second, "distillery_step_jobs_total") == 1.0);
        }
    }

    @Test
    void onlyTheLeaderActsAndTheOtherReplicaTakesOver() {
        Operators a = Operators.start("leader-it", election("replica-a"), Duration.ofSeconds(3));
        Eventually.until(WAIT, () -> "replica-a".equals(holder()));
        try (Operators b =
                Operators.start("leader-it", election("replica-b"), Duration.ofSeconds(3))) {
            DistillationOperatorIT.apply(
                    admin,
                    DistillationOperatorIT.spec("led", "").replace("operator-it", "leader-it"));
            Eventually.until(WAIT, () -> jobs("leader-it").size() == 1);
            Eventually.until(WAIT, () -> counter(a, "distillery_step_jobs_total") == 1.0);
            assertThat(counter(b, "distillery_reconciliations_total")).isZero();
            // The standby watches and caches nothing: its only requests are for the Lease.
            assertThat(b.requests()).isNotEmpty().allMatch(path -> path.contains("/leases"));
            assertThat(counter(a, "distillery_leader")).isEqualTo(1.0);
            assertThat(counter(b, "distillery_leader")).isZero();
            assertThat(b.operator().started()).isTrue();

            a.close();
            Eventually.until(WAIT, () -> "replica-b".equals(holder()));
            DistillationOperatorIT.apply(
                    admin,
                    DistillationOperatorIT.spec("taken", "").replace("operator-it", "leader-it"));

            Eventually.until(WAIT, () -> jobs("leader-it").size() == 2);
            Eventually.until(WAIT, () -> counter(b, "distillery_step_jobs_total") == 1.0);
            assertThat(b.requests()).anyMatch(path -> path.endsWith("/distillations"));
            assertThat(counter(b, "distillery_leader")).isEqualTo(1.0);
            Eventually.until(
                    WAIT,
                    () ->
                            admin.resources(Distillation.class)
                                            .inNamespace("leader-it")
                                            .withName("taken")
                                            .get()
                                            .getStatus()
                                    != null);
        } finally {
            a.close();
        }
    }

    /**
     * A leader whose Lease another holder takes stops reconciling at once (in the Deployment it
     * also exits): no Job comes from it afterwards.
     */
    @Test
    void aDeposedLeaderStopsActing() throws InterruptedException {
        ApiServer.namespace(admin, "deposed-it");
        try (Operators deposed =
                Operators.start(
                        "deposed-it", election("deposed-it", "replica-c"), Duration.ofSeconds(3))) {
            Eventually.until(WAIT, () -> counter(deposed, "distillery_leader") == 1.0);

            admin.leases()
                    .inNamespace("distillery-system")
                    .withName("deposed-it")
                    .edit(
                            lease -> {
                                lease.getSpec().setHolderIdentity("intruder");
                                lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
                                lease.getSpec().setLeaseDurationSeconds(3600);
                                return lease;
                            });
            Eventually.until(WAIT, () -> counter(deposed, "distillery_leader") == 0.0);
            DistillationOperatorIT.apply(
                    admin,
                    DistillationOperatorIT.spec("orphan", "").replace("operator-it", "deposed-it"));

            Thread.sleep(3_000);
            assertThat(jobs("deposed-it")).isEmpty();
            assertThat(deposed.operator().leading()).isFalse();
        }
    }
}
