package dev.distillery.nodeagent.model;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The pod status a kubelet would report for the containers the agent runs: the phase by the
 * kubelet's rules (restart policy included), the Ready and ContainersReady conditions, container
 * states with exit codes and termination messages, and the host's address as host and pod IP. Pure.
 */
public final class PodStatuses {

    private PodStatuses() {}

    /** The status of {@code pod} with {@code containers}; {@code now} stamps changed conditions. */
    public static PodStatus status(
            Pod pod, List<ContainerView> containers, String startTime, String address, String now) {
        String phase = phase(pod.getSpec().getRestartPolicy(), containers);
        boolean ready =
                !containers.isEmpty() && containers.stream().allMatch(ContainerView::running);
        String notReady =
                containers.stream()
                        .filter(c -> !c.running())
                        .map(ContainerView::name)
                        .collect(Collectors.joining(" ", "containers with unready status: [", "]"));
        String reason =
                ready ? null : "Succeeded".equals(phase) ? "PodCompleted" : "ContainersNotReady";
        List<PodCondition> conditions = new ArrayList<>();
        conditions.add(condition(pod, "PodReadyToStartContainers", true, null, null, now));
        conditions.add(condition(pod, "Initialized", true, null, null, now));
        conditions.add(condition(pod, "Ready", ready, reason, ready ? null : notReady, now));
        conditions.add(
                condition(pod, "ContainersReady", ready, reason, ready ? null : notReady, now));
        previous(pod, "PodScheduled").ifPresent(conditions::add);
        return new PodStatusBuilder()
                .withPhase(phase)
                .withConditions(conditions)
                .withHostIP(address)
                .withHostIPs(new io.fabric8.kubernetes.api.model.HostIP(address))
                .withPodIP(address)
                .withPodIPs(new PodIP(address))
                .withStartTime(startTime)
                .withContainerStatuses(containers.stream().map(PodStatuses::status).toList())
                .build();
    }

    /** A pod the node refused to run (admission): Failed at once, with the kubelet's reason. */
    public static PodStatus rejected(Pod pod, String reason, String message, String now) {
        return new PodStatusBuilder()
                .withPhase("Failed")
                .withReason(reason)
                .withMessage(message)
                .withStartTime(now)
                .withConditions(previous(pod, "PodScheduled").stream().toList())
                .build();
    }

    /** The phase, by the kubelet's rules. */
    static String phase(String restartPolicy, List<ContainerView> containers) {
        int waiting = 0;
        int running = 0;
        int stopped = 0;
        int succeeded = 0;
        for (ContainerView container : containers) {
            if (container.running()) {
                running++;
            } else if (container.terminated()) {
                stopped++;
                if (container.state().getTerminated().getExitCode() == 0) {
                    succeeded++;
                }
            } else if (container.restarting()) {
                stopped++;
            } else {
                waiting++;
            }
        }
        if (waiting > 0) {
            return "Pending";
        }
        if (running > 0) {
            return "Running";
        }
        if ("Always".equals(restartPolicy)) {
            return "Running";
        }
        if (stopped == succeeded) {
            return "Succeeded";
        }
        return "OnFailure".equals(restartPolicy) ? "Running" : "Failed";
    }

    private static ContainerStatus status(ContainerView view) {
        return new ContainerStatusBuilder()
                .withName(view.name())
                .withImage(view.image())
                .withImageID(view.imageId())
                .withContainerID(view.containerId().isEmpty() ? null : view.containerId())
                .withRestartCount(view.restartCount())
                .withReady(view.running())
                .withStarted(view.running())
                .withState(view.state())
                .withLastState(view.lastState())
                .build();
    }

    private static PodCondition condition(
            Pod pod, String type, boolean status, String reason, String message, String now) {
        String value = status ? "True" : "False";
        String since =
                previous(pod, type)
                        .filter(c -> value.equals(c.getStatus()))
                        .map(PodCondition::getLastTransitionTime)
                        .filter(Objects::nonNull)
                        .orElse(now);
        return new PodConditionBuilder()
                .withType(type)
                .withStatus(value)
                .withReason(reason)
                .withMessage(message)
                .withLastTransitionTime(since)
                .build();
    }

    private static java.util.Optional<PodCondition> previous(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return java.util.Optional.empty();
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst();
    }
}
