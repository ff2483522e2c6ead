package dev.distillery.nodeagent.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What a container's CPU limit means to the program inside: under a kubelet the cgroup quota makes
 * the JVM's {@code availableProcessors} (and so the engine's threads) the limit rounded up. The
 * node agent has no cgroups, so it pins a container with a CPU limit to that many CPUs (with {@code
 * taskset}), the least used ones first, so that two one-CPU steps on a two-CPU node run on one CPU
 * each. A container without a CPU limit sees every CPU, as under a kubelet. Without this, every pod
 * saw all the node's CPUs and sized its threads to them: four two-thread steps on two cores spent
 * their time spinning.
 */
public final class CpuAssignment {

    private final Map<Integer, Integer> users = new LinkedHashMap<>();
    private final Map<String, List<Integer>> held = new HashMap<>();

    /**
     * @param cpus the CPU ids the agent may use (its own affinity)
     */
    public CpuAssignment(List<Integer> cpus) {
        cpus.forEach(cpu -> users.put(cpu, 0));
    }

    /**
     * The CPUs {@code owner} runs on: as many as {@code container}'s CPU limit rounded up (at most
     * all), the least used first; empty when it has no CPU limit (it runs on every CPU).
     */
    public synchronized List<Integer> assign(String owner, Container container) {
        OptionalInt wanted = cpusOf(container);
        if (wanted.isEmpty() || held.containsKey(owner)) {
            return List.of();
        }
        List<Integer> mine =
                users.entrySet().stream()
                        .sorted(
                                Comparator.comparing(Map.Entry<Integer, Integer>::getValue)
                                        .thenComparing(Map.Entry::getKey))
                        .limit(Math.min(wanted.getAsInt(), users.size()))
                        .map(Map.Entry::getKey)
                        .sorted()
                        .toList();
        mine.forEach(cpu -> users.merge(cpu, 1, Integer::sum));
        held.put(owner, mine);
        return mine;
    }

    /** Gives {@code owner}'s CPUs back; nothing if it holds none. */
    public synchronized void release(String owner) {
        List<Integer> mine = held.remove(owner);
        if (mine != null) {
            mine.forEach(cpu -> users.merge(cpu, -1, Integer::sum));
        }
    }

    /** The container's CPU limit rounded up, as the JVM counts a cgroup quota. */
    static OptionalInt cpusOf(Container container) {
        if (container.getResources() == null || container.getResources().getLimits() == null) {
            return OptionalInt.empty();
        }
        Quantity limit = container.getResources().getLimits().get("cpu");
        if (limit == null || limit.getNumericalAmount().signum() <= 0) {
            return OptionalInt.empty();
        }
        BigDecimal cpus = limit.getNumericalAmount().setScale(0, RoundingMode.CEILING);
        return OptionalInt.of(Math.max(1, cpus.intValueExact()));
    }

    /** The CPU ids of a Linux cpu list such as {@code 0-3,6} (as /proc/self/status shows). */
    public static List<Integer> parseList(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.strip().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] range = part.split("-");
            int first = Integer.parseInt(range[0].strip());
            int last = range.length > 1 ? Integer.parseInt(range[1].strip()) : first;
            for (int cpu = first; cpu <= last; cpu++) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }
}
