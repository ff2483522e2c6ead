package dev.distillery.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArtifactStoresTest {

    @Test
    void schemeChoosesTheStore() {
        try (ArtifactStore local = ArtifactStores.open("/tmp/runs", Map.of());
                ArtifactStore files = ArtifactStores.open("file:///tmp/runs", Map.of());
                ArtifactStore s3 =
                        ArtifactStores.open(
                                "s3://runs/teacher",
                                Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9"))) {
            assertThat(local).isInstanceOf(FileArtifactStore.class);
            assertThat(files).isInstanceOf(FileArtifactStore.class);
            assertThat(s3).isInstanceOf(S3ArtifactStore.class);
        }
    }

    @Test
    void unknownSchemeIsBadInputNamingTheUri() {
        assertThatThrownBy(() -> ArtifactStores.open("hdfs://nn/runs", Map.of()))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("hdfs://nn/runs")
                .extracting(e -> ((DistilleryException) e).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
    }
}
