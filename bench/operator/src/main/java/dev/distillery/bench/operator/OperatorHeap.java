package dev.distillery.bench.operator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator JVM's used heap after a full GC, through {@code jcmd GC.run} and {@code
 * GC.heap_info}.
 */
public final class OperatorHeap {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final long pid;

    /** Measures the JVM with process id {@code pid}. */
    public OperatorHeap(long pid) {
        this.pid = pid;
    }

    /** Used heap in KiB right after a full collection. */
    public long usedKibAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        return usedKib(jcmd("GC.heap_info"));
    }

    /** The used heap of the first heap line of {@code GC.heap_info} output, in KiB. */
    static long usedKib(String heapInfo) {
        Matcher used = USED.matcher(heapInfo);
        if (!used.find()) {
            throw new IllegalStateException("no used heap in jcmd output: " + heapInfo);
        }
        return Long.parseLong(used.group(1));
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder("jcmd", Long.toString(pid), command)
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output);
        }
        return output;
    }
}
