package dev.distillery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import dev.distillery.steps.artifacts.DatasetSource;
import dev.distillery.steps.artifacts.StepStorage;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ArtifactStores;
import dev.distillery.store.Manifest;
import dev.distillery.store.ManifestEntry;
import dev.distillery.store.MinioServer;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillery dataset push} puts Debian's Fashion-MNIST into a real MinIO with a manifest,
 * and a step reads it back through the store, verified: a tampered file is bad input naming it.
 */
class DatasetPushIT {
    private static final Path PACKAGED = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir Path dir;

    @Test
    void pushedDatasetIsReadByStepsAndVerified() throws Exception {
        try (MinioServer server = MinioServer.start()) {
            server.createBucket("datasets");
            String uri = "s3://datasets/fashion-mnist";

            DistilleryCommand.Result push =
                    DistilleryCommand.run(
                            dir, server.environment(), "dataset", "push", "fashion-mnist", uri);

            assertThat(push.exitCode()).as(push.stderr()).isEqualTo(ExitCodes.OK);
            assertThat(push.stdout())
                    .contains("pushed fashion-mnist to " + uri + ": 4 files")
                    .contains("60,000 training and 10,000 test images, 10 classes")
                    .contains("spec.dataset.uri: " + uri);
            Manifest manifest;
            try (ArtifactStore store = ArtifactStores.open(uri, server.environment())) {
                manifest = store.completeManifest(uri);
            }
            for (ManifestEntry entry : manifest.files()) {
                assertThat(entry.sha256()).isEqualTo(sha256(PACKAGED.resolve(entry.path())));
            }

            ImageDataset read = load(server, uri);
            assertThat(read.train().count()).isEqualTo(100);
            assertThat(read.test().orElseThrow().count()).isEqualTo(10_000);

            // Same size, other bytes: only the checksum can tell.
            int size = (int) manifest.entry("t10k-labels-idx1-ubyte.gz").orElseThrow().size();
            server.client()
                    .putObject(
                            PutObjectArgs.builder()
                                    .bucket("datasets")
                                    .object("fashion-mnist/t10k-labels-idx1-ubyte.gz")
                                    .stream(new ByteArrayInputStream(new byte[size]), size, -1)
                                    .build());
            assertThatThrownBy(() -> load(server, uri))
                    .isInstanceOf(DistilleryException.class)
                    .hasMessageContaining("t10k-labels-idx1-ubyte.gz")
                    .hasMessageContaining("sha256");
        }
    }

    @Test
    void aDatasetThatIsNotThereSaysHowToGetIt() throws Exception {
        DistilleryCommand.Result push =
                DistilleryCommand.run(
                        dir, "dataset", "push", "no-such-set", "file://" + dir.resolve("out"));

        assertThat(push.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(push.stderr())
                .contains("no dataset no-such-set in /usr/share/datasets/no-such-set")
                .contains("apt-get install dataset-no-such-set");
    }

    /** Reads the dataset as a step does, through its storage, with the server's S3 settings. */
    private static ImageDataset load(MinioServer server, String uri) {
        try (StepStorage storage = new StepStorage(server.environment())) {
            return DatasetSource.load(storage, uri, 100);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
