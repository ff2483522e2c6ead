package dev.distillery.cli.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the command that runs one {@code distillery-step} invocation as a child JVM on this
 * machine's classpath, with the PyTorch engine's threads sized to its share of the cores.
 */
public final class StepLauncher {
    /** The main class of the steps. */
    public static final String STEP_MAIN = "dev.distillery.steps.cli.DistilleryStep";

    /** Extra JVM options for every step, replacing the default heap size. */
    public static final String JAVA_OPTS_ENV = "DISTILLERY_STEP_JAVA_OPTS";

    private final String java;
    private final String classpath;
    private final List<String> javaOptions;
    private final int threads;

    public StepLauncher(String java, String classpath, List<String> javaOptions, int threads) {
        this.java = java;
        this.classpath = classpath;
        this.javaOptions = List.copyOf(javaOptions);
        this.threads = threads;
    }

    /** A launcher for this JVM's java and classpath, giving each step {@code threads} threads. */
    public static StepLauncher forThisJvm(int threads) {
        String java =
                ProcessHandle.current()
                        .info()
                        .command()
                        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String options = System.getenv(JAVA_OPTS_ENV);
        List<String> javaOptions =
                options == null || options.isBlank()
                        ? List.of("-Xmx3g")
                        : Arrays.asList(options.trim().split("\\s+"));
        return new StepLauncher(java, System.getProperty("java.class.path"), javaOptions, threads);
    }

    /** The command running {@code args}, writing its summary to {@code terminationLog}. */
    public List<String> command(List<String> args, Path terminationLog) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(javaOptions);
        command.add("-Dai.djl.offline=true");
        command.add("-Djava.awt.headless=true");
        command.add("-Dai.djl.pytorch.num_threads=" + threads);
        command.add("-Dai.djl.pytorch.num_interop_threads=" + threads);
        command.add("-cp");
        command.add(classpath);
        command.add(STEP_MAIN);
        command.addAll(args);
        command.add("--termination-log");
        command.add(terminationLog.toAbsolutePath().toString());
        return command;
    }

    public int threads() {
        return threads;
    }
}
