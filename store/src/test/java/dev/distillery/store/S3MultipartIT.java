package dev.distillery.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files above the part size against a real MinIO: a multipart upload whose writer dies after some
 * parts is resumed by the next publish, which sends only the parts the server does not hold.
 */
class S3MultipartIT {

    private static final String BUCKET = "multipart";
    private static final int MIB = 1024 * 1024;
    private static MinioServer server;

    @TempDir Path tmp;

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

    /**
     * Records the part numbers of part uploads that reach the server; the part {@code killAt} never
     * does, as if the writer died before sending it.
     */
    static final class PartRecorder implements Interceptor {
        final List<Integer> sent = new CopyOnWriteArrayList<>();
        final int killAt;

        PartRecorder(int killAt) {
            this.killAt = killAt;
        }

        @Override
        public Response intercept(Chain chain) throws IOException {
            String number = chain.request().url().queryParameter("partNumber");
            if (number != null && "PUT".equals(chain.request().method())) {
                if (Integer.parseInt(number) == killAt) {
                    throw new IOException("writer killed before part " + number);
                }
                sent.add(Integer.parseInt(number));
            }
            return chain.proceed(chain.request());
        }
    }

    @Test
    void aKilledUploadResumesWithoutResendingFinishedParts() throws Exception {
        Path work = work(12 * MIB + 4321);
        String uri = "s3://" + BUCKET + "/teacher";
        PartRecorder killed = new PartRecorder(3);
        try (ArtifactStore first = store(killed)) {
            assertThatThrownBy(() -> first.publish(work, uri))
                    .isInstanceOf(DistilleryException.class)
                    .hasMessageContaining("cannot upload part 3 of 3 of " + uri + "/params.bin")
                    .extracting(e -> ((DistilleryException) e).exitCode())
                    .isEqualTo(ExitCodes.TRANSIENT);
            assertThat(first.isComplete(uri)).isFalse();
        }
        assertThat(killed.sent).containsExactly(1, 2);
        assertThat(keys("teacher/.distillery-uploads/"))
                .containsExactly("teacher/.distillery-uploads/params.bin");

        PartRecorder resumed = new PartRecorder(-1);
        try (ArtifactStore second = store(resumed)) {
            second.publish(work, uri);

            assertThat(resumed.sent).containsExactly(3);
            assertThat(keys("teacher/.distillery-uploads/")).isEmpty();
            Path fetched = second.fetch(uri, tmp.resolve("scratch"));
            assertThat(Files.mismatch(fetched.resolve("params.bin"), work.resolve("params.bin")))
                    .isEqualTo(-1);
        }
    }

    @Test
    void partsThatChangedSinceTheKilledUploadAreSentAgain() throws Exception {
        Path work = work(11 * MIB);
        String uri = "s3://" + BUCKET + "/student";
        try (ArtifactStore first = store(new PartRecorder(3))) {
            assertThatThrownBy(() -> first.publish(work, uri))
                    .isInstanceOf(DistilleryException.class);
        }
        byte[] bytes = Files.readAllBytes(work.resolve("params.bin"));
        bytes[100]++;
        Files.write(work.resolve("params.bin"), bytes);

        PartRecorder resumed = new PartRecorder(-1);
        try (ArtifactStore second = store(resumed)) {
            second.publish(work, uri);

            assertThat(resumed.sent).containsExactly(1, 3);
            Path fetched = second.fetch(uri, tmp.resolve("scratch"));
            assertThat(fetched.resolve("params.bin")).hasBinaryContent(bytes);
        }
    }

    @Test
    void filesUpToThePartSizeGoUpInOnePut() throws Exception {
        Path work = work(5 * MIB);
        String uri = "s3://" + BUCKET + "/small";
        PartRecorder recorder = new PartRecorder(-1);
        try (ArtifactStore store = store(recorder)) {
            store.publish(work, uri);

            assertThat(recorder.sent).isEmpty();
            assertThat(store.fetch(uri, tmp.resolve("scratch")).resolve("params.bin"))
                    .hasSameBinaryContentAs(work.resolve("params.bin"));
        }
    }

    private static List<String> keys(String prefix) throws Exception {
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

    private Path work(int size) throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Files.write(work.resolve("params.bin"), bytes);
        Files.writeString(work.resolve("model.json"), "{}");
        return work;
    }

    /** A store with 5 MiB parts whose HTTP goes through {@code recorder}. */
    private static S3ArtifactStore store(PartRecorder recorder) {
        Map<String, String> env = new HashMap<>(server.environment());
        env.put("DISTILLERY_S3_PART_SIZE_MB", "5");
        S3Settings settings = S3Settings.fromEnvironment(env);
        OkHttpClient http = new OkHttpClient.Builder().addInterceptor(recorder).build();
        return new S3ArtifactStore(settings, new S3Requests(settings), http);
    }
}
