package dev.distillery.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The Python of {@code .ci/torch-venv} (torch 2.7.1, torchvision, onnx), for the tests that check
 * Distillery against real PyTorch; the script builds the venv when it is missing.
 */
final class TorchVenv {
    private static final Path SCRIPT = Path.of("..", ".ci", "torch-venv").toAbsolutePath();

    private TorchVenv() {}

    /** The venv's python executable, the venv made first if needed. */
    static String python() throws IOException, InterruptedException {
        Process venv =
                new ProcessBuilder(SCRIPT.toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        String python =
                new String(venv.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(venv.waitFor()).as(SCRIPT + " failed").isZero();
        return python;
    }
}
