package dev.distillery.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The glibc malloc settings under which steps run are written in the launcher of this checkout
 * ({@code scripts/launch.sh}), in the step image ({@code steps/Dockerfile}) and in the release
 * archive's launchers ({@code cli/src/dist/bin}): they must be the same, so a step measured here
 * behaves as it does in a pod and from the archive.
 */
class AllocatorTuningTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void launcherAndStepImageTuneMallocAlike() throws IOException {
        String launcher = value(ROOT.resolve("scripts/launch.sh"), "DISTILLERY_GLIBC_TUNABLES");
        String image = value(ROOT.resolve("steps/Dockerfile"), "GLIBC_TUNABLES");

        assertThat(image).isEqualTo(launcher);
        for (String archived : new String[] {"distillery", "distillery-step"}) {
            assertThat(
                            value(
                                    ROOT.resolve("cli/src/dist/bin/" + archived),
                                    "DISTILLERY_GLIBC_TUNABLES"))
                    .as("the release archive's bin/" + archived)
                    .isEqualTo(launcher);
        }
        assertThat(launcher.split(":"))
                .extracting(tunable -> tunable.substring(0, tunable.indexOf('=')))
                .containsExactlyInAnyOrder(
                        "glibc.malloc.mmap_threshold",
                        "glibc.malloc.trim_threshold",
                        "glibc.malloc.top_pad");
    }

    private static String value(Path file, String variable) throws IOException {
        Matcher matcher =
                Pattern.compile("(?m)(?:^|\\s)" + variable + "=\"([^\"]+)\"")
                        .matcher(Files.readString(file));
        assertThat(matcher.find()).as(variable + " in " + file).isTrue();
        return matcher.group(1);
    }
}
