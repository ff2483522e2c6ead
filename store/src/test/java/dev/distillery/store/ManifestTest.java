package dev.distillery.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    // sha256("abc"), from FIPS 180-2 appendix B.1.
    private static final String ABC_SHA256 =
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir Path dir;

    @Test
    void listsEveryFileWithSizeAndSha256SortedByPath() throws IOException {
        write("model.json", "abc");
        write("params/teacher-0003.params", "0123456789");
        write("manifest.json", "{}");

        Manifest manifest = Manifest.of(dir);

        assertThat(manifest.files())
                .extracting(ManifestEntry::path)
                .containsExactly("model.json", "params/teacher-0003.params");
        assertThat(manifest.entry("model.json"))
                .contains(new ManifestEntry("model.json", 3, ABC_SHA256));
        assertThat(manifest.totalSize()).isEqualTo(13);
        assertThat(manifest.createdAt()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void jsonRoundTrips() throws IOException {
        write("metrics.json", "{\"accuracy\": 0.9}");
        Manifest manifest = Manifest.of(dir);

        String json = new String(manifest.toJson(), UTF_8);

        assertThat(json).contains("\"createdAt\"", "\"files\"", "\"sha256\"", "metrics.json");
        assertThat(Manifest.fromJson(manifest.toJson(), "s3://runs/a")).isEqualTo(manifest);
    }

    @Test
    void verifyAcceptsTheFilesItDescribes() throws IOException {
        write("model.json", "abc");
        write("sub/weights.params", "weights");

        Manifest.of(dir).verify(dir, "file://" + dir);
    }

    @Test
    void verifyNamesTheArtifactAndTheFileWhenOneByteChanged() throws IOException {
        write("model.json", "abc");
        write("weights.params", "weights");
        Manifest manifest = Manifest.of(dir);
        write("weights.params", "weighTs");

        assertThatThrownBy(() -> manifest.verify(dir, "s3://runs/teacher"))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("s3://runs/teacher")
                .hasMessageContaining("'weights.params'")
                .hasMessageContaining("sha256")
                .extracting(e -> ((DistilleryException) e).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void verifyNamesAMissingOrTruncatedFile() throws IOException {
        write("a.bin", "abc");
        write("b.bin", "abcdef");
        Manifest manifest = Manifest.of(dir);
        Files.delete(dir.resolve("a.bin"));
        write("b.bin", "abc");

        assertThatThrownBy(() -> manifest.verify(dir, "art"))
                .hasMessageContaining("'a.bin' is missing");
        write("a.bin", "abc");
        assertThatThrownBy(() -> manifest.verify(dir, "art"))
                .hasMessageContaining("'b.bin' has 3 bytes where its manifest says 6");
    }

    @Test
    void rejectsManifestsWhosePathsEscapeTheArtifact() {
        for (String path :
                new String[] {"../secrets", "/etc/passwd", "a/../../b", "manifest.json"}) {
            String json =
                    "{\"createdAt\":\"2026-01-01T00:00:00Z\",\"files\":[{\"path\":\""
                            + path
                            + "\",\"size\":3,\"sha256\":\""
                            + ABC_SHA256
                            + "\"}]}";
            assertThatThrownBy(() -> Manifest.fromJson(json.getBytes(UTF_8), "s3://runs/x"))
                    .as(path)
                    .isInstanceOf(DistilleryException.class)
                    .hasMessageContaining("s3://runs/x has an invalid manifest.json")
                    .hasMessageContaining(path);
        }
    }

    @Test
    void rejectsWhatIsNotAManifest() {
        for (String json :
                new String[] {
                    "not json",
                    "{\"files\":[]}",
                    "{\"createdAt\":\"x\",\"files\":"
                            + "[{\"path\":\"a\",\"size\":1,\"sha256\":\"xyz\"}]}"
                }) {
            assertThatThrownBy(() -> Manifest.fromJson(json.getBytes(UTF_8), "file:///o"))
                    .as(json)
                    .isInstanceOf(DistilleryException.class)
                    .hasMessageContaining("file:///o has an invalid manifest.json");
        }
    }

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
