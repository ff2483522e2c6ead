package dev.distillery.steps.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code distillery-step} as its own JVM, as a container runs it, with a chosen environment. */
final class StepProcess {

    private StepProcess() {}

    /** Starts the step with {@code args}, its stdout and stderr going to {@code log}. */
    static Process start(Map<String, String> env, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx2g");
        command.add("-Dai.djl.offline=true");
        command.add("-Djava.io.tmpdir=" + log.getParent());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DistilleryStep.class.getName());
        command.addAll(List.of(StepRun.withTerminationLog(args)));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs the step to its end; returns its exit code and output. */
    static StepRun run(Map<String, String> env, Path log, String... args)
            throws IOException, InterruptedException {
        Process process = start(env, log, args);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("distillery-step " + args[0] + " ran over 5 minutes");
        }
        int code = process.exitValue();
        String output = Files.readString(log);
        return new StepRun(code, output, output);
    }
}
