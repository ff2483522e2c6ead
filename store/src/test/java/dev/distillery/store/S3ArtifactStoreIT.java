package dev.distillery.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 store against a real MinIO server. */
class S3ArtifactStoreIT {

    private static final String BUCKET = "distillery-it";
    private static MinioServer server;

    @TempDir Path tmp;
    private ArtifactStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = MinioServer.start();
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openStore() {
        store = ArtifactStores.open("s3://" + BUCKET, server.environment());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void publishedArtifactRoundTripsThroughS3() throws IOException {
        byte[] weights = new byte[1 << 20];
        new Random(7).nextBytes(weights);
        Path work = folder("work", "model.json", "{\"layers\":[784,128,10]}", "metrics.json", "{}");
        Files.createDirectories(work.resolve("params"));
        Files.write(work.resolve("params/student-0020.params"), weights);
        String uri = "s3://" + BUCKET + "/runs/fashion/student";

        Manifest published = store.publish(work, uri);
        Path fetched = store.fetch(uri, tmp.resolve("scratch"));

        assertThat(store.isComplete(uri)).isTrue();
        assertThat(store.manifest(uri)).contains(published);
        assertThat(published.files()).hasSize(3);
        assertThat(fetched).isEqualTo(tmp.resolve("scratch/" + BUCKET + "/runs/fashion/student"));
        assertThat(Files.readAllBytes(fetched.resolve("params/student-0020.params")))
                .isEqualTo(weights);
        assertThat(fetched.resolve("model.json")).hasContent("{\"layers\":[784,128,10]}");
        // The fetched folder is itself a complete local artifact.
        try (ArtifactStore local = ArtifactStores.open(fetched.toString())) {
            assertThat(local.manifest(fetched.toString())).contains(published);
            assertThat(local.fetch(fetched.toString(), tmp)).isEqualTo(fetched);
        }
        assertThat(store.fetch(uri, tmp.resolve("scratch"))).isEqualTo(fetched);
    }

    @Test
    void anObjectBesideAnArtifactIsWrittenReadAndReplacedWithoutTouchingIt() throws IOException {
        Path work = folder("work", "model.json", "{}");
        String uri = "s3://" + BUCKET + "/runs/beside/teacher/k1";
        Manifest published = store.publish(work, uri);
        String log = uri + ".log";

        assertThat(store.readObject(log)).isEmpty();
        store.writeObject(log, "attempt 1\n".getBytes(StandardCharsets.UTF_8));
        store.writeObject(log, "attempt 1\nattempt 2\n".getBytes(StandardCharsets.UTF_8));

        assertThat(store.readObject(log).map(b -> new String(b, StandardCharsets.UTF_8)))
                .contains("attempt 1\nattempt 2\n");
        assertThat(store.manifest(uri)).contains(published);
        assertThat(store.fetch(uri, tmp.resolve("scratch")).resolve("model.json")).exists();
        store.deleteObject(log);
        store.deleteObject(log);
        assertThat(store.readObject(log)).isEmpty();
        assertThat(store.isComplete(uri)).isTrue();
        assertThatThrownBy(() -> store.writeObject("s3://" + BUCKET, new byte[0]))
                .hasMessageContaining("names a bucket, not an object");
    }

    @Test
    void objectsWithoutManifestAreNotAComplete() throws Exception {
        String uri = "s3://" + BUCKET + "/half-written";
        put("half-written/model.json", "{}");
        put("half-written/params/p-0001.params", "partial");

        assertThat(store.isComplete(uri)).isFalse();
        assertThat(store.manifest(uri)).isEmpty();
        assertThatThrownBy(() -> store.fetch(uri, tmp))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("no complete artifact at " + uri);
    }

    @Test
    void changedByteInStorageFailsFetchNamingTheFileAndLeavesNoCompleteCopy() throws Exception {
        String uri = "s3://" + BUCKET + "/corrupt";
        store.publish(folder("work", "model.json", "{\"a\":1}", "metrics.json", "{}"), uri);
        put("corrupt/model.json", "{\"a\":2}");

        assertThatThrownBy(() -> store.fetch(uri, tmp.resolve("scratch")))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("artifact " + uri + " is corrupt")
                .hasMessageContaining("'model.json'")
                .extracting(e -> ((DistilleryException) e).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        Path local = tmp.resolve("scratch/" + BUCKET + "/corrupt");
        assertThat(local.resolve("manifest.json")).doesNotExist();
        assertThat(local.resolve("model.json")).doesNotExist();
    }

    @Test
    void missingObjectListedInTheManifestFailsFetch() throws Exception {
        String uri = "s3://" + BUCKET + "/lost";
        store.publish(folder("work", "a.bin", "a", "b.bin", "b"), uri);
        try (MinioClient client = server.client()) {
            client.removeObject(
                    RemoveObjectArgs.builder().bucket(BUCKET).object("lost/b.bin").build());
        }

        assertThatThrownBy(() -> store.fetch(uri, tmp))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("'b.bin' is missing");
    }

    @Test
    void republishReplacesAndDeleteRemovesEverything() throws Exception {
        String uri = "s3://" + BUCKET + "/teacher";
        store.publish(folder("v1", "model.json", "one", "old.bin", "old"), uri);
        store.publish(folder("v1/checkpoint", "epoch.txt", "3"), uri + "/checkpoint");

        Manifest second = store.publish(folder("v2", "model.json", "two"), uri);

        assertThat(store.manifest(uri)).contains(second);
        Path fetched = store.fetch(uri, tmp.resolve("scratch"));
        assertThat(fetched.resolve("model.json")).hasContent("two");
        assertThat(fetched.resolve("old.bin")).doesNotExist();

        store.delete(uri);

        assertThat(store.isComplete(uri)).isFalse();
        assertThat(store.isComplete(uri + "/checkpoint")).isFalse();
        assertThat(keys("teacher/")).isEmpty();
    }

    @Test
    void fetchFilesDownloadsEverythingBelowAPrefix() throws Exception {
        put("datasets/fashion/train-images.gz", "images");
        put("datasets/fashion/labels/train-labels.gz", "labels");
        put("datasets/fashionable/other.gz", "not below the prefix");

        Path folder = store.fetchFiles("s3://" + BUCKET + "/datasets/fashion", tmp);

        assertThat(folder.resolve("train-images.gz")).hasContent("images");
        assertThat(folder.resolve("labels/train-labels.gz")).hasContent("labels");
        try (var files = Files.walk(folder)) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(2);
        }
        assertThatThrownBy(() -> store.fetchFiles("s3://" + BUCKET + "/datasets/none", tmp))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("no objects below s3://" + BUCKET + "/datasets/none/");
    }

    @Test
    void missingBucketIsBadInputNamingIt() throws IOException {
        Path work = folder("work", "model.json", "{}");
        assertThatThrownBy(() -> store.publish(work, "s3://no-such-bucket/teacher"))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("bucket 'no-such-bucket' does not exist");
        assertThatThrownBy(() -> store.isComplete("s3://no-such-bucket/teacher"))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining(
                        "bucket 'no-such-bucket' does not exist at " + server.endpoint())
                .extracting(e -> ((DistilleryException) e).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void wrongSecretIsBadInputThatDoesNotShowTheSecret() {
        Map<String, String> env = new HashMap<>(server.environment());
        env.put("AWS_SECRET_ACCESS_KEY", "not-the-right-secret");

        try (ArtifactStore denied = ArtifactStores.open("s3://" + BUCKET, env)) {
            assertThatThrownBy(() -> denied.isComplete("s3://" + BUCKET + "/teacher"))
                    .isInstanceOf(DistilleryException.class)
                    .hasMessageContaining("refused access")
                    .hasMessageContaining("AWS_SECRET_ACCESS_KEY")
                    .hasMessageNotContaining("not-the-right-secret")
                    .extracting(e -> ((DistilleryException) e).exitCode())
                    .isEqualTo(ExitCodes.BAD_INPUT);
        }
    }

    private void put(String key, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try (MinioClient client = server.client()) {
            client.putObject(
                    PutObjectArgs.builder().bucket(BUCKET).object(key).stream(
                                    new ByteArrayInputStream(bytes), bytes.length, -1)
                            .build());
        }
    }

    private List<String> keys(String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        try (MinioClient client = server.client()) {
            for (Result<Item> item :
                    client.listObjects(
                            ListObjectsArgs.builder()
                                    .bucket(BUCKET)
                                    .prefix(prefix)
                                    .recursive(true)
                                    .build())) {
                keys.add(item.get().objectName());
            }
        }
        return keys;
    }

    private Path folder(String name, String... files) throws IOException {
        Path folder = tmp.resolve(name);
        Files.createDirectories(folder);
        for (int i = 0; i < files.length; i += 2) {
            Path file = folder.resolve(files[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, files[i + 1]);
        }
        return folder;
    }
}
