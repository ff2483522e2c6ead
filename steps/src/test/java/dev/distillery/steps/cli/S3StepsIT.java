package dev.distillery.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.contract.ExitCodes;
import dev.distillery.steps.data.IdxDataset;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ArtifactStores;
import dev.distillery.store.MinioServer;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps against a real S3 server (MinIO): data, teacher, sharded soft labels, student and
 * evaluation all live under {@code s3://}; an unreachable endpoint ends with the transient exit
 * code.
 */
class S3StepsIT {
    private static final String BUCKET = "distillery-steps";
    private static final String SOURCE = "/usr/share/datasets/fashion-mnist";

    @TempDir Path dir;

    @Test
    void distillationEntirelyInObjectStorage() throws Exception {
        try (MinioServer server = MinioServer.start()) {
            server.createBucket(BUCKET);
            Map<String, String> env = server.environment();
            String root = "s3://" + BUCKET + "/run";
            try (ArtifactStore store = ArtifactStores.open(root, env)) {
                store.publish(smallDataset(1200), root + "/data");
            }
            StepRun teacher =
                    ok(
                            env,
                            "teacher.log",
                            "train",
                            "--model",
                            "mlp:64",
                            "--data",
                            root + "/data",
                            "--epochs",
                            "2",
                            "--output",
                            root + "/teacher");
            assertThat(teacher.metric("accuracy")).isGreaterThan(0.5);
            for (String shard : new String[] {"0", "1"}) {
                ok(
                        env,
                        "soft" + shard + ".log",
                        "soft-labels",
                        "--teacher",
                        root + "/teacher",
                        "--data",
                        root + "/data",
                        "--output",
                        root + "/soft",
                        "--shard",
                        shard,
                        "--shards",
                        "2");
            }
            ok(
                    env,
                    "student.log",
                    "train",
                    "--model",
                    "mlp:16",
                    "--data",
                    root + "/data",
                    "--epochs",
                    "2",
                    "--teacher-logits",
                    root + "/soft",
                    "--output",
                    root + "/student");
            StepRun evaluated =
                    ok(
                            env,
                            "evaluate.log",
                            "evaluate",
                            "--model",
                            root + "/student",
                            "--data",
                            root + "/data",
                            "--output",
                            root + "/evaluation");
            assertThat(evaluated.metric("samples")).isEqualTo(120);
            try (ArtifactStore store = ArtifactStores.open(root, env)) {
                assertThat(store.isComplete(root + "/student")).isTrue();
                assertThat(store.isComplete(root + "/soft/shard-00001-of-00002")).isTrue();
                assertThat(store.manifest(root + "/student").orElseThrow().entry("model.json"))
                        .isPresent();
                assertThat(store.isComplete(root + "/evaluation")).isTrue();
            }
        }
    }

    @Test
    void unreachableStorageIsTransient() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + MinioServer.freePort());
        env.put("AWS_ACCESS_KEY_ID", "nobody");
        env.put("AWS_SECRET_ACCESS_KEY", "nothing");
        env.put("DISTILLERY_S3_ATTEMPTS", "2");
        env.put("DISTILLERY_S3_BACKOFF_MS", "10");
        StepRun run =
                StepProcess.run(
                        env,
                        dir.resolve("unreachable.log"),
                        "train",
                        "--model",
                        "mlp:8",
                        "--limit",
                        "100",
                        "--epochs",
                        "1",
                        "--output",
                        "s3://" + BUCKET + "/x");
        assertThat(run.exitCode()).as(run.out()).isEqualTo(ExitCodes.TRANSIENT);
        assertThat(run.out()).contains("distillery-step train: ");
    }

    private StepRun ok(Map<String, String> env, String log, String... args) throws Exception {
        StepRun run = StepProcess.run(env, dir.resolve(log), args);
        assertThat(run.exitCode()).as(run.out()).isZero();
        return run;
    }

    /** The first {@code count} Fashion-MNIST training and test images as plain IDX files. */
    private Path smallDataset(int count) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("data"));
        ImageDataset train = IdxDataset.read(Path.of(SOURCE));
        writeSplit(folder, "train", train.train().first(count));
        writeSplit(folder, "t10k", train.test().orElseThrow().first(count / 10));
        return folder;
    }

    private static void writeSplit(Path folder, String split, LabelledImages images)
            throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(
                        Files.newOutputStream(folder.resolve(split + "-images-idx3-ubyte")))) {
            out.writeInt(2051);
            out.writeInt(images.count());
            out.writeInt(images.shape().height());
            out.writeInt(images.shape().width());
            for (int i = 0; i < images.count(); i++) {
                out.write(images.read(i));
            }
        }
        try (DataOutputStream out =
                new DataOutputStream(
                        Files.newOutputStream(folder.resolve(split + "-labels-idx1-ubyte")))) {
            out.writeInt(2049);
            out.writeInt(images.count());
            for (int label : images.labels()) {
                out.writeByte(label);
            }
        }
    }
}
