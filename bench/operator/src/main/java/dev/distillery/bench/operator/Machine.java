package dev.distillery.bench.operator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine a benchmark ran on, from {@code /proc}: cores, CPU model, memory.
 *
 * @param cores processors available to the JVM
 * @param cpu the CPU model name
 * @param memoryGib total memory in GiB
 */
public record Machine(int cores, String cpu, long memoryGib) {

    /** This machine. */
    public static Machine describe() throws IOException {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                field(Files.readString(Path.of("/proc/cpuinfo")), "model name"),
                Long.parseLong(
                                field(Files.readString(Path.of("/proc/meminfo")), "MemTotal")
                                        .replace("kB", "")
                                        .trim())
                        / (1024 * 1024));
    }

    /** The 1-minute load average. */
    public static double load() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    /** The value of the first {@code name: value} line of a {@code /proc} file. */
    static String field(String proc, String name) {
        for (String line : proc.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "unknown";
    }
}
