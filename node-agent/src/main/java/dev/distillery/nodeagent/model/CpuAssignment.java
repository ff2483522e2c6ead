package dev.distillery.nodeagent.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * The node's CPUs handed out as a kubelet's static CPU manager does: a container whose CPU request
 * equals its limit, a whole number, gets that many CPUs of its own (the agent pins it there with
 * {@code taskset}), so the JVM's {@code availableProcessors} and the engine's threads follow its
 * limit, as they follow the cgroup quota under a kubelet. Everything else shares the CPUs no one
 * holds. Without it, every pod saw all the node's CPUs and sized its threads to them: four
 * two-thread steps on two cores spent their time spinning.
 */
public final class CpuAssignment {

    private final TreeSet<Integer> free;
    private final Map<String, List<Integer>> held = new HashMap<>();

    /**
     * @param cpus the CPU ids the agent may use (its own affinity)
     */
    public CpuAssignment(List<Integer> cpus) {
        this.free = new TreeSet<>(cpus);
    }

    /**
     * The CPUs of {@code owner}'s own, if {@code container} asks for whole CPUs and that many are
     * free; empty otherwise (it shares the rest, as a kubelet's shared pool).
     */
    public synchronized List<Integer> assign(String owner, Container container) {
        OptionalInt wanted = exclusiveCpus(container);
        if (wanted.isEmpty() || wanted.getAsInt() > free.size() || held.containsKey(owner)) {
            return List.of();
        }
        List<Integer> mine = new ArrayList<>();
        for (int i = 0; i < wanted.getAsInt(); i++) {
            mine.add(free.pollFirst());
        }
        held.put(owner, mine);
        return List.copyOf(mine);
    }

    /** Gives {@code owner}'s CPUs back; nothing if it holds none. */
    public synchronized void release(String owner) {
        List<Integer> mine = held.remove(owner);
        if (mine != null) {
            free.addAll(mine);
        }
    }

    /**
     * A CPU limit that is a whole number and equal to the request (a missing request defaults to
     * it).
     */
    static OptionalInt exclusiveCpus(Container container) {
        ResourceRequirements resources = container.getResources();
        if (resources == null || resources.getLimits() == null) {
            return OptionalInt.empty();
        }
        Quantity limit = resources.getLimits().get("cpu");
        if (limit == null) {
            return OptionalInt.empty();
        }
        BigDecimal cpus = limit.getNumericalAmount();
        Quantity request =
                resources.getRequests() == null ? null : resources.getRequests().get("cpu");
        if (request != null && request.getNumericalAmount().compareTo(cpus) != 0) {
            return OptionalInt.empty();
        }
        if (cpus.signum() <= 0 || cpus.stripTrailingZeros().scale() > 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(cpus.intValueExact());
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
