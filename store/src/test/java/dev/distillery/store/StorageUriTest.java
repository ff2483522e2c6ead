package dev.distillery.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StorageUriTest {

    @Test
    void s3UriSplitsIntoBucketAndKeyPrefix() {
        StorageUri uri = StorageUri.parse("s3://runs/fashion/teacher/");

        assertThat(uri.isS3()).isTrue();
        assertThat(uri.bucket()).isEqualTo("runs");
        assertThat(uri.path()).isEqualTo("fashion/teacher");
        assertThat(uri.key("manifest.json")).isEqualTo("fashion/teacher/manifest.json");
        assertThat(uri).hasToString("s3://runs/fashion/teacher");
    }

    @Test
    void bucketAloneHasAnEmptyPrefix() {
        StorageUri uri = StorageUri.parse("s3://runs");

        assertThat(uri.path()).isEmpty();
        assertThat(uri.key("model.json")).isEqualTo("model.json");
        assertThat(uri.child("checkpoint")).hasToString("s3://runs/checkpoint");
    }

    @Test
    void childBuildsSubLocations() {
        StorageUri teacher = StorageUri.parse("s3://runs/fashion/teacher");

        assertThat(teacher.child("checkpoint")).hasToString("s3://runs/fashion/teacher/checkpoint");
        assertThat(teacher.child("epochs/3")).hasToString("s3://runs/fashion/teacher/epochs/3");
        assertThat(StorageUri.parse("file:///data/out").child("checkpoint").localPath())
                .isEqualTo(Path.of("/data/out/checkpoint"));
    }

    @Test
    void childRejectsNamesThatLeaveTheLocation() {
        StorageUri teacher = StorageUri.parse("s3://runs/teacher");

        for (String bad : new String[] {"../student", "/abs", "", "a//b", "./a"}) {
            assertThatThrownBy(() -> teacher.child(bad))
                    .as(bad)
                    .isInstanceOf(DistilleryException.class)
                    .hasMessageContaining("s3://runs/teacher");
        }
    }

    @Test
    void fileUriAndPlainPathsNameLocalFolders() {
        assertThat(StorageUri.parse("file:///tmp/a/../b").localPath()).isEqualTo(Path.of("/tmp/b"));
        assertThat(StorageUri.parse("/tmp/b/").localPath()).isEqualTo(Path.of("/tmp/b"));
        assertThat(StorageUri.parse("runs/x").localPath())
                .isEqualTo(Path.of("runs/x").toAbsolutePath());
        assertThat(StorageUri.parse("/tmp/b")).hasToString("file:///tmp/b");
        assertThat(StorageUri.parse(StorageUri.parse("/tmp/b").toString()))
                .isEqualTo(StorageUri.parse("/tmp/b"));
    }

    @Test
    void unknownSchemeIsBadInputNamingTheUri() {
        assertThatThrownBy(() -> StorageUri.parse("gs://bucket/teacher"))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("gs://bucket/teacher")
                .hasMessageContaining("unknown scheme 'gs'")
                .extracting(e -> ((DistilleryException) e).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void malformedLocationsAreBadInput() {
        for (String bad :
                new String[] {
                    "s3://",
                    "s3:///prefix",
                    "s3://Bad_Bucket/x",
                    "s3://b/x",
                    "file://host/x",
                    "s3://runs/a/../b",
                    " "
                }) {
            assertThatThrownBy(() -> StorageUri.parse(bad))
                    .as(bad)
                    .isInstanceOf(DistilleryException.class)
                    .extracting(e -> ((DistilleryException) e).exitCode())
                    .isEqualTo(ExitCodes.BAD_INPUT);
        }
    }
}
