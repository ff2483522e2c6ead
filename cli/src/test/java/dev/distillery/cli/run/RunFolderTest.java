package dev.distillery.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
    @TempDir Path dir;

    @Test
    void theSameSpecReusesItsFolderAndLearnsHowTheLastRunEnded() {
        Path root = dir.resolve("runs/quickstart");
        try (RunFolder folder = RunFolder.open(root, "aaaa", Path.of("a.yaml"))) {
            assertThat(folder.previousState()).isNull();
            folder.record("interrupted");
        }

        try (RunFolder again = RunFolder.open(root, "aaaa", Path.of("a.yaml"))) {
            assertThat(again.previousState()).isEqualTo("interrupted");
            assertThat(again.artifacts())
                    .startsWith("file:///")
                    .endsWith("/runs/quickstart/artifacts");
        }
    }

    @Test
    void aFolderOfAnotherSpecIsRefusedAndLeftAsItWas() throws IOException {
        Path root = dir.resolve("run");
        try (RunFolder folder = RunFolder.open(root, "aaaa", Path.of("a.yaml"))) {
            folder.record("succeeded");
        }
        String record = Files.readString(root.resolve(RunFolder.RECORD));

        assertThatThrownBy(() -> RunFolder.open(root, "bbbb", Path.of("b.yaml")))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("belongs to a different spec (a.yaml")
                .hasMessageContaining("--run-dir")
                .satisfies(
                        e ->
                                assertThat(((DistilleryException) e).exitCode())
                                        .isEqualTo(ExitCodes.BAD_INPUT));
        assertThat(Files.readString(root.resolve(RunFolder.RECORD))).isEqualTo(record);
    }

    @Test
    void aFolderInUseByAnotherRunIsRefusedAsTransient() {
        Path root = dir.resolve("busy");
        try (RunFolder first = RunFolder.open(root, "aaaa", Path.of("a.yaml"))) {
            assertThatThrownBy(() -> RunFolder.open(root, "aaaa", Path.of("a.yaml")))
                    .isInstanceOf(DistilleryException.class)
                    .hasMessageContaining("in use by another distillery run")
                    .satisfies(
                            e ->
                                    assertThat(((DistilleryException) e).exitCode())
                                            .isEqualTo(ExitCodes.TRANSIENT));
        }
    }
}
