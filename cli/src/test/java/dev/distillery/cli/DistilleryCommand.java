package dev.distillery.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code distillery} as a user does: its own JVM, real stdout and stderr kept apart. */
final class DistilleryCommand {

    /**
     * What one invocation did.
     *
     * @param exitCode the process's exit code
     * @param stdout everything on stdout
     * @param stderr everything on stderr
     * @param seconds wall-clock seconds
     */
    record Result(int exitCode, String stdout, String stderr, double seconds) {}

    private DistilleryCommand() {}

    /** Runs {@code distillery args...} in {@code workingDir}, waiting at most five minutes. */
    static Result run(Path workingDir, String... args) throws IOException, InterruptedException {
        return run(workingDir, Map.of(), args);
    }

    /** Runs {@code distillery args...} with {@code env} added to this process's environment. */
    static Result run(Path workingDir, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        String java =
                ProcessHandle.current()
                        .info()
                        .command()
                        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command =
                new ArrayList<>(
                        List.of(
                                java,
                                "-Dai.djl.offline=true",
                                "-cp",
                                System.getProperty("java.class.path"),
                                Distillery.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workingDir, "stdout", ".txt");
        Path err = Files.createTempFile(workingDir, "stderr", ".txt");
        long started = System.nanoTime();
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(workingDir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("distillery " + String.join(" ", args) + " hung");
        }
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8),
                (System.nanoTime() - started) / 1e9);
    }
}
