package dev.distillery.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.Distillation;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.Phase;
import dev.distillery.api.status.StepPhase;
import dev.distillery.api.status.StepStatus;
import dev.distillery.cli.Distillery;
import dev.distillery.contract.ExitCodes;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ArtifactStores;
import dev.distillery.store.MinioServer;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster commands against a real kube-apiserver (fabric8 kube-api-test, binaries from
 * e2e/install-binaries) with the committed CRD: submit, --wait on Succeeded and Failed, get,
 * describe, delete, and their failures. The test plays the operator by writing the status.
 */
class ClusterCommandsIT {

    private static KubeAPIServer server;
    private static KubernetesClient client;
    private static Path kubeconfig;

    @TempDir Path dir;

    @BeforeAll
    static void start() throws IOException {
        KubeAPIServerConfigBuilder config =
                KubeAPIServerConfigBuilder.anAPIServerConfig()
                        .withOfflineMode(true)
                        .withUpdateKubeConfig(false)
                        .withApiServerFlag("--bind-address", "127.0.0.1")
                        .withStartupTimeout(120_000);
        String testDir = System.getenv("KUBE_API_TEST_DIR");
        if (testDir != null) {
            config.withTestDir(testDir);
        }
        server = new KubeAPIServer(config.build());
        server.start();
        kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
        Files.writeString(kubeconfig, server.getKubeConfigYaml());
        client =
                new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
                        .build();
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("distillery.crd")))) {
            for (HasMetadata crd : client.load(in).items()) {
                client.resource(crd).create();
            }
        }
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("distillations.distillery.dev")
                .waitUntilCondition(
                        c ->
                                c.getStatus() != null
                                        && c.getStatus().getConditions() != null
                                        && c.getStatus().getConditions().stream()
                                                .anyMatch(
                                                        x ->
                                                                x.getType().equals("Established")
                                                                        && x.getStatus()
                                                                                .equals("True")),
                        60,
                        TimeUnit.SECONDS);
        for (String ns : List.of("team", "other")) {
            client.namespaces()
                    .resource(
                            new NamespaceBuilder()
                                    .withNewMetadata()
                                    .withName(ns)
                                    .endMetadata()
                                    .build())
                    .create();
        }
        until(() -> client.resources(Distillation.class).inNamespace("team").list() != null);
    }

    @AfterAll
    static void stop() throws IOException {
        client.close();
        server.stop();
        Files.deleteIfExists(kubeconfig);
    }

    /** One in-process invocation: exit code, stdout, stderr. */
    record Result(int exitCode, String out, String err) {}

    private static Result distillery(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var line = Distillery.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.add(1, "--kubeconfig=" + kubeconfig);
        int exit = line.execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    private Path spec(String name) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(
                file,
                """
                apiVersion: distillery.dev/v1alpha1
                kind: Distillation
                metadata:
                  name: %s
                spec:
                  dataset: {name: fashion-mnist, limit: 200}
                  storage: {uri: "s3://bucket/run"}
                  teacher: {model: "mlp:32"}
                  students: [{name: cnn-tiny, model: "cnn:4,8"}, {name: mlp, model: "mlp:64"}]
                """
                        .formatted(name));
        return file;
    }

    private static void setStatus(String name, DistillationStatus status) {
        client.resources(Distillation.class)
                .inNamespace("team")
                .withName(name)
                .editStatus(
                        d -> {
                            d.setStatus(status);
                            return d;
                        });
    }

    private static void until(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 30 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static boolean exists(String name) {
        return client.resources(Distillation.class).inNamespace("team").withName(name).get()
                != null;
    }

    @Test
    void submitWaitsForSucceededAndWritesTheOutputs() throws Exception {
        Path spec = spec("waits");
        CompletableFuture<Result> submit =
                CompletableFuture.supplyAsync(
                        () ->
                                distillery(
                                        "submit",
                                        "-f",
                                        spec.toString(),
                                        "-n",
                                        "team",
                                        "--wait",
                                        "--best-artifact-file",
                                        dir.resolve("out/artifact").toString(),
                                        "--accuracy-file",
                                        dir.resolve("out/accuracy").toString(),
                                        "--report-file",
                                        dir.resolve("out/report").toString()));
        until(() -> exists("waits"));
        setStatus("waits", new DistillationStatus().setPhase(Phase.RUNNING).setProgress("0/2"));
        Thread.sleep(1500);
        assertThat(submit).isNotDone();
        setStatus("waits", Statuses.succeeded());

        Result result = submit.get(30, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.out())
                .contains("distillation.distillery.dev/waits created in namespace team")
                .contains(
                        "distillation.distillery.dev/waits Succeeded: best cnn-tiny, test accuracy"
                                + " 83.40 %, artifact s3://bucket/run/student/k1, report"
                                + " s3://bucket/run/report/abc");
        assertThat(dir.resolve("out/artifact")).hasContent("s3://bucket/run/student/k1");
        assertThat(dir.resolve("out/accuracy")).hasContent("0.834");
        assertThat(dir.resolve("out/report")).hasContent("s3://bucket/run/report/abc");
    }

    @Test
    void submitOfARunThatFailsExitsWithOneAndTheReason() throws Exception {
        Path spec = spec("fails");
        CompletableFuture<Result> submit =
                CompletableFuture.supplyAsync(
                        () -> distillery("submit", "-f", spec.toString(), "-n", "team", "--wait"));
        until(() -> exists("fails"));
        setStatus("fails", Statuses.failed());

        Result result = submit.get(30, TimeUnit.SECONDS);
        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err().strip())
                .isEqualTo(
                        "distillery submit: Distillation fails Failed (StepFailed): step teacher-0"
                                + " failed: bad input (exit code 65)");
    }

    @Test
    void submitGivesUpAfterItsTimeoutWithTheTransientCode() throws IOException {
        Result result =
                distillery(
                        "submit",
                        "-f",
                        spec("slow").toString(),
                        "-n",
                        "team",
                        "--wait",
                        "--timeout",
                        "2s");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.TRANSIENT);
        assertThat(result.err())
                .contains(
                        "Distillation slow has not finished after PT2S; follow it with:"
                                + " distillery get slow -n team");
    }

    @Test
    void submitRefusesANameThatExistsAndAnInvalidSpec() throws IOException {
        Path spec = spec("twice");
        assertThat(distillery("submit", "-f", spec.toString(), "-n", "team").exitCode())
                .isEqualTo(ExitCodes.OK);

        Result again = distillery("submit", "-f", spec.toString(), "-n", "team");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(again.err())
                .contains("Distillation twice already exists in namespace team: delete it");

        Path invalid = dir.resolve("invalid.yaml");
        Files.writeString(invalid, Files.readString(spec).replace("mlp:32", "transformer:9"));
        Result bad = distillery("submit", "-f", invalid.toString(), "-n", "team");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err()).contains("spec.teacher.model");
    }

    @Test
    void getDescribeAndDeleteShowAndRemoveIt() throws IOException {
        assertThat(distillery("submit", "-f", spec("shown").toString(), "-n", "team").exitCode())
                .isZero();
        setStatus("shown", Statuses.succeeded());
        Distillation shown =
                client.resources(Distillation.class).inNamespace("team").withName("shown").get();
        client.v1()
                .events()
                .inNamespace("team")
                .resource(
                        new EventBuilder()
                                .withNewMetadata()
                                .withName("shown.1")
                                .endMetadata()
                                .withNewInvolvedObject()
                                .withKind("Distillation")
                                .withName("shown")
                                .withNamespace("team")
                                .withUid(shown.getMetadata().getUid())
                                .endInvolvedObject()
                                .withType("Normal")
                                .withReason("JobCreated")
                                .withMessage("created Job shown-teacher-0")
                                .withLastTimestamp("2026-01-01T00:00:00Z")
                                .build())
                .create();

        Result get = distillery("get", "-n", "team", "shown");
        assertThat(get.exitCode()).isZero();
        assertThat(get.out())
                .containsPattern("NAME +PHASE +BEST +ACCURACY +STUDENTS +AGE")
                .containsPattern("shown +Succeeded +cnn-tiny +83.40 % +2/2 +\\d+s");
        assertThat(distillery("get", "-A").out()).containsPattern("team +shown +Succeeded");
        assertThat(distillery("get", "-n", "other").err())
                .contains("No Distillations found in namespace other.");

        Result describe = distillery("describe", "-n", "team", "shown");
        assertThat(describe.exitCode()).isZero();
        assertThat(describe.out())
                .contains("Best:       cnn-tiny, test accuracy 83.40 %")
                .containsPattern("mlp +mlp:64 +2 +0.9 +Succeeded +82.05 %")
                .contains("Normal  JobCreated  created Job shown-teacher-0");

        Result delete = distillery("delete", "-n", "team", "shown");
        assertThat(delete.exitCode()).as(delete.err()).isZero();
        assertThat(delete.out()).contains("distillation.distillery.dev/shown deleted");
        assertThat(exists("shown")).isFalse();

        Result missing = distillery("describe", "-n", "team", "shown");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err().strip())
                .isEqualTo("distillery describe: no Distillation shown in namespace team");
    }

    @Test
    void reportFetchesTheReportArtifactWithTheSecretTheSpecNames() throws Exception {
        try (MinioServer minio = MinioServer.start()) {
            minio.createBucket("reports");
            Path report = Files.createDirectories(dir.resolve("made/report"));
            Files.writeString(report.resolve("report.html"), "<html>cnn-tiny 83.40 %</html>");
            Files.write(report.resolve("pareto.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
            String uri = "s3://reports/run/report/abc";
            try (ArtifactStore store = ArtifactStores.open(uri, minio.environment())) {
                store.publish(report, uri);
            }
            client.secrets()
                    .inNamespace("team")
                    .resource(
                            new SecretBuilder()
                                    .withNewMetadata()
                                    .withName("s3-credentials")
                                    .endMetadata()
                                    .addToStringData("AWS_ACCESS_KEY_ID", MinioServer.ACCESS_KEY)
                                    .addToStringData(
                                            "AWS_SECRET_ACCESS_KEY", MinioServer.SECRET_KEY)
                                    .build())
                    .create();
            Path spec = dir.resolve("reported.yaml");
            Files.writeString(
                    spec,
                    Files.readString(spec("reported"))
                            .replace(
                                    "storage: {uri: \"s3://bucket/run\"}",
                                    "storage: {uri: \"s3://reports/run\", endpoint: \""
                                            + minio.endpoint()
                                            + "\", credentialsSecret: s3-credentials}"));
            assertThat(distillery("submit", "-f", spec.toString(), "-n", "team").exitCode())
                    .isZero();

            Result early = distillery("report", "-n", "team", "reported");
            assertThat(early.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(early.err().strip())
                    .isEqualTo(
                            "distillery report: Distillation reported has no report yet (phase none)");

            setStatus("reported", Statuses.succeeded().setReport(uri));
            Result fetched =
                    distillery(
                            "report",
                            "-n",
                            "team",
                            "reported",
                            "-o",
                            dir.resolve("got").toString());
            assertThat(fetched.exitCode()).as(fetched.err()).isZero();
            assertThat(fetched.out()).contains("report.html (from " + uri + ")");
            assertThat(dir.resolve("got/report.html")).hasContent("<html>cnn-tiny 83.40 %</html>");
            assertThat(dir.resolve("got/pareto.png"))
                    .hasBinaryContent(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        }
    }

    @Test
    void logsFallsBackToTheStoredLogWhenThePodDoesNotServeItAndSaysWhenThereIsNone()
            throws Exception {
        try (MinioServer minio = MinioServer.start()) {
            minio.createBucket("logs");
            client.secrets()
                    .inNamespace("team")
                    .resource(
                            new SecretBuilder()
                                    .withNewMetadata()
                                    .withName("log-credentials")
                                    .endMetadata()
                                    .addToStringData("AWS_ACCESS_KEY_ID", MinioServer.ACCESS_KEY)
                                    .addToStringData(
                                            "AWS_SECRET_ACCESS_KEY", MinioServer.SECRET_KEY)
                                    .build())
                    .create();
            Path spec = dir.resolve("logged.yaml");
            Files.writeString(
                    spec,
                    Files.readString(spec("logged"))
                            .replace(
                                    "storage: {uri: \"s3://bucket/run\"}",
                                    "storage: {uri: \"s3://logs/run/\", endpoint: \""
                                            + minio.endpoint()
                                            + "\", credentialsSecret: log-credentials}"));
            assertThat(distillery("submit", "-f", spec.toString(), "-n", "team").exitCode())
                    .isZero();
            Result early = distillery("logs", "-n", "team", "logged", "--step", "teacher-0");
            assertThat(early.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(early.err().strip())
                    .isEqualTo(
                            "distillery logs: Distillation logged has no steps yet: the operator"
                                    + " has not planned it");

            setStatus(
                    "logged",
                    new DistillationStatus()
                            .setPhase(Phase.FAILED)
                            .setSteps(
                                    List.of(
                                            new StepStatus()
                                                    .setName("teacher-0")
                                                    .setStage("teacher")
                                                    .setKey("k0")
                                                    .setJobName("logged-teacher-0")
                                                    .setPhase(StepPhase.FAILED),
                                            new StepStatus()
                                                    .setName("student-mlp")
                                                    .setStage("student")
                                                    .setKey("k9")
                                                    .setPhase(StepPhase.PENDING))));
            // Two attempts, as the step stores them (StoredLogTest): where the runners said.
            String stored =
                    "== 2026-01-01T00:00:00Z distillery-step train --model mlp:32\n"
                            + "distillery-step train: out of memory\n"
                            + "== 2026-01-01T00:01:00Z distillery-step train --model mlp:32\n"
                            + "distillery-step train: bad input: no images\n";
            String uri = "s3://logs/run/teacher/k0.log";
            try (ArtifactStore store = ArtifactStores.open(uri, minio.environment())) {
                store.writeObject(uri, stored.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            // Its last pod is still there, its container ended on a node whose kubelet is gone:
            // the API cannot serve its log.
            client.pods()
                    .inNamespace("team")
                    .resource(
                            new PodBuilder()
                                    .withNewMetadata()
                                    .withName("logged-teacher-0-x1")
                                    .addToLabels("job-name", "logged-teacher-0")
                                    .endMetadata()
                                    .withNewSpec()
                                    .withNodeName("gone-node")
                                    .addNewContainer()
                                    .withName("step")
                                    .withImage("distillery-step:test")
                                    .endContainer()
                                    .endSpec()
                                    .build())
                    .create();
            client.pods()
                    .inNamespace("team")
                    .withName("logged-teacher-0-x1")
                    .editStatus(
                            pod -> {
                                pod.setStatus(
                                        new PodStatusBuilder()
                                                .withPhase("Failed")
                                                .addNewContainerStatus()
                                                .withName("step")
                                                .withImage("distillery-step:test")
                                                .withImageID("")
                                                .withReady(false)
                                                .withRestartCount(0)
                                                .withNewState()
                                                .withNewTerminated()
                                                .withExitCode(65)
                                                .endTerminated()
                                                .endState()
                                                .endContainerStatus()
                                                .build());
                                return pod;
                            });

            Result logs = distillery("logs", "-n", "team", "logged", "--step", "teacher-0");

            assertThat(logs.exitCode()).as(logs.err()).isZero();
            assertThat(logs.out()).isEqualTo(stored);
            assertThat(logs.err())
                    .contains("(pod logged-teacher-0-x1 does not serve its log: ")
                    .contains("showing the log the step stored)");

            Result none = distillery("logs", "-n", "team", "logged", "--step", "student-mlp");
            assertThat(none.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(none.err().strip())
                    .isEqualTo(
                            "distillery logs: no log of step student-mlp of Distillation logged"
                                    + " (phase Pending): it has no pod and nothing is stored at"
                                    + " s3://logs/run/student/k9.log");

            // A running step with no pod to follow: --follow reads its stored log as it grows.
            StepStatus running =
                    new StepStatus()
                            .setName("teacher-1")
                            .setStage("teacher")
                            .setKey("k1")
                            .setPhase(StepPhase.RUNNING);
            String runningUri = "s3://logs/run/teacher/k1.log";
            String part1 = "== 2026-01-01T00:02:00Z distillery-step train\nepoch 1/2\n";
            String part2 = "epoch 2/2\naccuracy=0.81\n";
            try (ArtifactStore store = ArtifactStores.open(runningUri, minio.environment())) {
                store.writeObject(
                        runningUri, part1.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                setStatus("logged", new DistillationStatus().setSteps(List.of(running)));
                CompletableFuture<Result> followed =
                        CompletableFuture.supplyAsync(
                                () ->
                                        distillery(
                                                "logs",
                                                "-n",
                                                "team",
                                                "logged",
                                                "--step",
                                                "teacher-1",
                                                "--follow"));
                Thread.sleep(3000);
                assertThat(followed).isNotDone();
                store.writeObject(
                        runningUri,
                        (part1 + part2).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                setStatus(
                        "logged",
                        new DistillationStatus()
                                .setSteps(List.of(running.setPhase(StepPhase.SUCCEEDED))));
                Result result = followed.get(30, TimeUnit.SECONDS);
                assertThat(result.exitCode()).as(result.err()).isZero();
                assertThat(result.out()).isEqualTo(part1 + part2);
            }

            Result unknown = distillery("logs", "-n", "team", "logged", "-s", "teacher-9");
            assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(unknown.err().strip())
                    .isEqualTo(
                            "distillery logs: Distillation logged has no step teacher-9; its"
                                    + " steps: teacher-1");
        }
    }

    @Test
    void anUnreachableClusterIsTransientAndSaysSo() throws IOException {
        Path dead = dir.resolve("dead-kubeconfig");
        Files.writeString(
                dead,
                Files.readString(kubeconfig)
                        .replaceAll(
                                "server: https://127.0.0.1:\\d+", "server: https://127.0.0.1:1"));
        StringWriter err = new StringWriter();
        var line = Distillery.commandLine();
        line.setErr(new PrintWriter(err, true));
        line.setOut(new PrintWriter(new StringWriter(), true));

        int exit = line.execute("get", "--kubeconfig", dead.toString(), "-n", "team");

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.TRANSIENT);
        assertThat(err.toString()).startsWith("distillery get: cannot reach the cluster:");
    }
}
