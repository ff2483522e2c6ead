package dev.distillery.steps.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of {@code distillery-step}, with what it printed and its exit code. */
record StepRun(int exitCode, String out, String err) {

    static StepRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = DistilleryStep.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(withTerminationLog(args));
        return new StepRun(code, out.toString(), err.toString());
    }

    /** Keeps test runs away from the real {@code /dev/termination-log} unless a test names one. */
    static String[] withTerminationLog(String[] args) {
        if (args.length == 0 || List.of(args).contains("--termination-log")) {
            return args;
        }
        try {
            Path log = Files.createTempFile("distillery-termination", ".log");
            log.toFile().deleteOnExit();
            String[] extended = Arrays.copyOf(args, args.length + 2);
            extended[args.length] = "--termination-log";
            extended[args.length + 1] = log.toString();
            return extended;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of a Katib line {@code name=value} on stdout. */
    double metric(String name) {
        for (String line : out.split("\n")) {
            if (line.startsWith(name + "=")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + name + "= line in:\n" + out + "\nstderr:\n" + err);
    }
}
