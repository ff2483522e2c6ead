package dev.distillery.operator.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command line run to its end, with its exit code and its output (stdout and stderr). */
record Command(int exitCode, String output) {

    /** Runs {@code command}, with {@code input} on its stdin when not null, for at most 2 min. */
    static Command run(List<String> command, String input) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream();
                InputStream in =
                        new ByteArrayInputStream(
                                input == null
                                        ? new byte[0]
                                        : input.getBytes(StandardCharsets.UTF_8))) {
            in.transferTo(stdin);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return new Command(process.exitValue(), output);
    }

    /** {@code tool} followed by {@code args}. */
    static List<String> line(Path tool, String... args) {
        List<String> line = new ArrayList<>();
        line.add(tool.toString());
        line.addAll(List.of(args));
        return line;
    }
}
