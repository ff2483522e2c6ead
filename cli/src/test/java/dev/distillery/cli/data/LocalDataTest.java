package dev.distillery.cli.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.api.spec.DatasetSpec;
import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDataTest {
    private static final DatasetSpec FASHION = new DatasetSpec("fashion-mnist", null, 2000);

    @TempDir Path dir;
    private final StringWriter err = new StringWriter();

    @Test
    void aMissingDefaultFolderThatCannotBeInstalledHereSaysExactlyWhatToRun() {
        Path root = dir.resolve("datasets"); // does not exist
        LocalData data = new LocalData(root.toUri().toString(), notRoot());
        String uri = root.toUri() + "/fashion-mnist";

        assertThatThrownBy(() -> data.ensure(FASHION, uri, false, new PrintWriter(err)))
                .isInstanceOfSatisfying(
                        DistilleryException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_INPUT))
                .hasMessageContaining("dataset fashion-mnist is not on this machine")
                .hasMessageContaining(root.resolve("fashion-mnist").toString())
                .hasMessageContaining(
                        "install it with 'sudo apt-get install dataset-fashion-mnist'")
                .hasMessageContaining("--data DIR")
                .hasMessageContaining("no step was started");
        assertThat(err.toString()).isEmpty();
        assertThat(root).doesNotExist();
    }

    @Test
    void asRootWithoutAptGetItStillSaysWhatToRunWithoutSudo() {
        Path root = dir.resolve("datasets");
        LocalData data =
                new LocalData(root.toUri().toString(), new AptPackages(Optional.empty(), true));

        assertThatThrownBy(
                        () ->
                                data.ensure(
                                        FASHION,
                                        root.toUri() + "/fashion-mnist",
                                        false,
                                        new PrintWriter(err)))
                .hasMessageContaining("install it with 'apt-get install dataset-fashion-mnist'");
    }

    @Test
    void aDataFolderGivenWithDataThatDoesNotExistIsNamedAndNeverInstalled() {
        Path missing = dir.resolve("no-such-dataset");
        // Even a process that could install packages leaves a folder the user named alone.
        LocalData data =
                new LocalData(
                        dir.toUri().toString(),
                        new AptPackages(Optional.of(Path.of("/usr/bin/apt-get")), true));

        assertThatThrownBy(
                        () ->
                                data.ensure(
                                        FASHION,
                                        missing.toUri().toString(),
                                        true,
                                        new PrintWriter(err)))
                .isInstanceOf(DistilleryException.class)
                .hasMessageStartingWith("--data " + missing.toUri())
                .hasMessageContaining("no folder at " + missing);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aSpecUriThatDoesNotExistNamesTheField() {
        Path missing = dir.resolve("images");
        LocalData data = new LocalData(dir.toUri().toString(), notRoot());
        DatasetSpec spec = new DatasetSpec(null, missing.toUri().toString(), null);

        assertThatThrownBy(
                        () ->
                                data.ensure(
                                        spec,
                                        missing.toUri().toString(),
                                        false,
                                        new PrintWriter(err)))
                .hasMessage("spec.dataset.uri " + missing.toUri() + ": no folder at " + missing);
    }

    @Test
    void aFolderThatIsThereAndObjectStorageAreLeftToTheSteps() throws Exception {
        Path present = Files.createDirectories(dir.resolve("fashion-mnist"));
        LocalData data = new LocalData(dir.toUri().toString(), notRoot());

        data.ensure(FASHION, present.toUri().toString(), false, new PrintWriter(err));
        data.ensure(FASHION, "s3://bucket/fashion-mnist", true, new PrintWriter(err));

        assertThat(err.toString()).isEmpty();
    }

    private static AptPackages notRoot() {
        return new AptPackages(Optional.of(Path.of("/usr/bin/apt-get")), false);
    }
}
