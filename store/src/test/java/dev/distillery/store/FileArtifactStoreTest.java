package dev.distillery.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileArtifactStoreTest {

    @TempDir Path tmp;

    private final FileArtifactStore store = new FileArtifactStore();

    @Test
    void publishedArtifactIsCompleteAndFetchReturnsItsFolder() throws IOException {
        Path work =
                folder(
                        "work",
                        "model.json",
                        "{\"layers\":[784,10]}",
                        "params/p-0001.params",
                        "xyz");
        String uri = "file://" + tmp.resolve("out/teacher");

        Manifest published = store.publish(work, uri);
        Path fetched = store.fetch(uri, tmp.resolve("scratch"));

        assertThat(store.isComplete(uri)).isTrue();
        assertThat(fetched).isEqualTo(tmp.resolve("out/teacher"));
        assertThat(fetched.resolve("params/p-0001.params")).hasContent("xyz");
        assertThat(store.manifest(uri)).contains(published);
        assertThat(published.files()).hasSize(2);
        assertThat(Files.exists(tmp.resolve("scratch"))).isFalse();
        try (Stream<Path> files = Files.list(fetched)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("manifest.json", "model.json", "params");
        }
    }

    @Test
    void anObjectBesideAnArtifactStaysOutOfItsManifest() throws IOException {
        Path work = folder("work", "model.json", "{}");
        String uri = "file://" + tmp.resolve("out/teacher/k1");
        Manifest published = store.publish(work, uri);
        String log = uri + ".log";

        assertThat(store.readObject(log)).isEmpty();
        store.writeObject(log, "first".getBytes());
        store.writeObject(log, "first, then second".getBytes());

        assertThat(store.readObject(log))
                .hasValueSatisfying(b -> assertThat(b).asString().isEqualTo("first, then second"));
        assertThat(tmp.resolve("out/teacher/k1.log")).hasContent("first, then second");
        assertThat(store.manifest(uri)).contains(published);
        assertThat(store.fetch(uri, tmp)).isEqualTo(tmp.resolve("out/teacher/k1"));
        try (Stream<Path> files = Files.list(tmp.resolve("out/teacher"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("k1", "k1.log");
        }
        store.deleteObject(log);
        store.deleteObject(log);
        assertThat(store.readObject(log)).isEmpty();
        assertThat(store.isComplete(uri)).isTrue();
    }

    @Test
    void plainPathsWork_includingPublishingAFolderInPlace() throws IOException {
        Path out = folder("out", "metrics.json", "{}");

        store.publish(out, out.toString());

        assertThat(store.isComplete(out.toString())).isTrue();
        assertThat(store.isComplete("file://" + out)).isTrue();
        assertThat(store.fetch(out.toString(), tmp)).isEqualTo(out);
    }

    @Test
    void halfWrittenFolderWithoutManifestIsNotComplete() throws IOException {
        Path half = folder("half", "model.json", "{}", "params/p-0001.params", "partial");

        assertThat(store.isComplete(half.toString())).isFalse();
        assertThat(store.manifest(half.toString())).isEmpty();
        assertThatThrownBy(() -> store.fetch(half.toString(), tmp))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("no complete artifact at " + half)
                .hasMessageContaining("manifest.json");
        assertThat(store.isComplete(tmp.resolve("absent").toString())).isFalse();
    }

    @Test
    void changedByteAfterPublishingFailsFetchNamingTheFile() throws IOException {
        Path work = folder("work", "model.json", "{\"a\":1}");
        String uri = tmp.resolve("out").toString();
        store.publish(work, uri);
        Files.writeString(tmp.resolve("out/model.json"), "{\"a\":2}");

        assertThatThrownBy(() -> store.fetch(uri, tmp))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("artifact " + uri + " is corrupt")
                .hasMessageContaining("'model.json'")
                .extracting(e -> ((DistilleryException) e).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void deletedFileAfterPublishingFailsFetch() throws IOException {
        Path work = folder("work", "a.bin", "a", "b.bin", "b");
        String uri = tmp.resolve("out").toString();
        store.publish(work, uri);
        Files.delete(tmp.resolve("out/b.bin"));

        assertThatThrownBy(() -> store.fetch(uri, tmp)).hasMessageContaining("'b.bin' is missing");
    }

    @Test
    void republishingReplacesTheManifestAndLeavesNoTemporaryFiles() throws IOException {
        String uri = tmp.resolve("out").toString();
        store.publish(folder("v1", "model.json", "one"), uri);

        Manifest second = store.publish(folder("v2", "model.json", "two!"), uri);

        assertThat(store.manifest(uri)).contains(second);
        assertThat(tmp.resolve("out/model.json")).hasContent("two!");
        try (Stream<Path> files = Files.list(tmp.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("manifest.json", "model.json");
        }
    }

    @Test
    void failedRepublishLeavesNoManifestBehind() throws IOException {
        String uri = tmp.resolve("out").toString();
        store.publish(folder("v1", "weights", "a file"), uri);
        // The new version has a folder where the old one had a file: copying it must fail.
        Path v2 = folder("v2", "weights/part-0", "x");

        assertThatThrownBy(() -> store.publish(v2, uri))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("cannot publish");
        assertThat(store.isComplete(uri)).isFalse();
    }

    @Test
    void publishingAMissingFolderIsBadInput() {
        assertThatThrownBy(() -> store.publish(tmp.resolve("nope"), tmp.resolve("out").toString()))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("nope")
                .hasMessageContaining("is not a folder");
        assertThat(store.isComplete(tmp.resolve("out").toString())).isFalse();
    }

    @Test
    void deleteRemovesManifestAndFiles() throws IOException {
        String uri = tmp.resolve("out").toString();
        store.publish(folder("work", "a.bin", "a"), uri);

        store.delete(uri);
        store.delete(uri);

        assertThat(store.isComplete(uri)).isFalse();
        assertThat(Files.exists(tmp.resolve("out"))).isFalse();
    }

    @Test
    void fetchFilesNeedsNoManifest() throws IOException {
        Path data = folder("data", "train-images.gz", "img");

        assertThat(store.fetchFiles(data.toString(), tmp)).isEqualTo(data);
        assertThatThrownBy(() -> store.fetchFiles(tmp.resolve("nothing").toString(), tmp))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("no folder at");
    }

    @Test
    void rejectsS3Uris() {
        assertThatThrownBy(() -> store.isComplete("s3://runs/x"))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("s3://runs/x is not a local folder URI");
    }

    /** A folder below the temp dir holding {@code name, content, ...} pairs. */
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
