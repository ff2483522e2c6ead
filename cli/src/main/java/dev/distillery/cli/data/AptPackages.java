package dev.distillery.cli.data;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Installs Debian packages with {@code apt-get}, when this process may: it runs as root and {@code
 * apt-get} is on the {@code PATH}.
 */
public final class AptPackages {
    private final Optional<Path> aptGet;
    private final boolean root;

    /**
     * @param aptGet the {@code apt-get} executable, if there is one
     * @param root whether this process runs as root (uid 0)
     */
    public AptPackages(Optional<Path> aptGet, boolean root) {
        this.aptGet = aptGet;
        this.root = root;
    }

    /** {@code apt-get} as found on this machine's {@code PATH}, for the user this process is. */
    public static AptPackages onThisMachine() {
        return new AptPackages(onPath("apt-get"), uid() == 0);
    }

    /** The command that installs {@code packageName}, as this user would type it. */
    public String installCommand(String packageName) {
        return (root ? "" : "sudo ") + "apt-get install " + packageName;
    }

    /** Whether {@link #install} can run here. */
    public boolean canInstall() {
        return root && aptGet.isPresent();
    }

    /**
     * Runs {@code apt-get update} and {@code apt-get install -y PACKAGE}, copying their output to
     * {@code err}; a failure is transient (a mirror that cannot be reached) and names the command.
     */
    public void install(String packageName, PrintWriter err) {
        Path apt = aptGet.orElseThrow(() -> new IllegalStateException("no apt-get here"));
        run(List.of(apt.toString(), "update", "-qq"), err);
        run(List.of(apt.toString(), "install", "-y", "-qq", packageName), err);
    }

    private static void run(List<String> command, PrintWriter err) {
        String text = String.join(" ", command);
        err.println("$ " + text);
        err.flush();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            process.getOutputStream().close();
            try (BufferedReader lines =
                    new BufferedReader(
                            new InputStreamReader(
                                    process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> err.println("  " + line));
            }
            int exit = process.waitFor();
            err.flush();
            if (exit != 0) {
                throw new DistilleryException(
                        ExitCodes.TRANSIENT, "'" + text + "' failed with exit code " + exit);
            }
        } catch (IOException e) {
            throw DistilleryException.transientFailure("'" + text + "' could not run: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DistilleryException.transientFailure("'" + text + "' was interrupted", e);
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** This process's user id: Linux shows it as the owner of {@code /proc/self}; -1 elsewhere. */
    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }
}
