package dev.distillery.steps.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of {@code distillery-step}, with what it printed and its exit code. */
record StepRun(int exitCode, String out, String err) {

    static StepRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = DistilleryStep.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new StepRun(code, out.toString(), err.toString());
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
