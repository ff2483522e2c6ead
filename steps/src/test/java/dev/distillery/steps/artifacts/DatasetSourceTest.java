package dev.distillery.steps.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSourceTest {
    @TempDir Path packaged;

    @Test
    void flagThenEnvironmentThenPackagedFolder() {
        Map<String, String> env = Map.of(DatasetSource.ENV, "s3://bucket/mnist");
        assertThat(DatasetSource.resolve(Optional.of("/data/x"), env, packaged))
                .isEqualTo("/data/x");
        assertThat(DatasetSource.resolve(Optional.empty(), env, packaged))
                .isEqualTo("s3://bucket/mnist");
        assertThat(DatasetSource.resolve(Optional.empty(), Map.of(), packaged))
                .isEqualTo(packaged.toString());
    }

    @Test
    void noDataAnywhereSaysHowToGetIt() {
        assertThatThrownBy(
                        () ->
                                DatasetSource.resolve(
                                        Optional.empty(), Map.of(), packaged.resolve("absent")))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("--data")
                .hasMessageContaining("DISTILLERY_DATA")
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
    }
}
