package dev.distillery.nodeagent.model;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Which run of a container a log request reads, chosen from the pod's status by the kubelet's rules
 * (its {@code validateContainerLogStatus}): the running one, else the one that ended last; with
 * {@code previous} the one before. The agent's container ids end with the run's number ({@code
 * distillery://UID/CONTAINER/N}), which names its log file {@code N.log}. Pure.
 *
 * @param containerId the run's container id
 * @param restart the run's number: its log is {@code <restart>.log}
 * @param running whether that run is still running (a follow waits for more)
 */
public record LogRun(String containerId, int restart, boolean running) {

    /** The run {@code query} asks for, or a {@link LogRefusal} (400) worded as a kubelet's. */
    public static LogRun of(Pod pod, String container, boolean previous) {
        String podName = pod.getMetadata().getName();
        ContainerStatus status = status(pod, container);
        if (status == null) {
            throw refused("container %s in pod %s is not available", container, podName);
        }
        ContainerState state = orEmpty(status.getState());
        ContainerState last = orEmpty(status.getLastState());
        String lastId = last.getTerminated() == null ? null : last.getTerminated().getContainerID();
        if (previous) {
            if (isBlank(lastId)) {
                throw refused(
                        "previous terminated container %s in pod %s not found", container, podName);
            }
            return of(lastId, false);
        }
        if (state.getRunning() != null) {
            if (isBlank(status.getContainerID())) {
                throw refused("container %s in pod %s is not available", container, podName);
            }
            return of(status.getContainerID(), true);
        }
        if (state.getTerminated() != null) {
            String id = state.getTerminated().getContainerID();
            if (!isBlank(id)) {
                return of(id, false);
            }
            if (!isBlank(lastId)) {
                return of(lastId, false);
            }
            throw refused("container %s in pod %s is terminated", container, podName);
        }
        if (!isBlank(lastId)) {
            return of(lastId, false);
        }
        String reason = state.getWaiting() == null ? null : state.getWaiting().getReason();
        String why =
                "ErrImagePull".equals(reason)
                        ? "image can't be pulled"
                        : "ImagePullBackOff".equals(reason)
                                ? "trying and failing to pull image"
                                : String.valueOf(reason);
        throw new LogRefusal(
                LogRefusal.BAD_REQUEST,
                String.format(
                                "container \"%s\" in pod \"%s\" is waiting to start: ",
                                container, podName)
                        + why);
    }

    /** The run with container id {@code id}, whose last path segment is the run's number. */
    static LogRun of(String id, boolean running) {
        int slash = id.lastIndexOf('/');
        try {
            return new LogRun(id, Integer.parseInt(id.substring(slash + 1)), running);
        } catch (NumberFormatException e) {
            throw new LogRefusal(
                    LogRefusal.BAD_REQUEST, "container id " + id + " is not the node agent's");
        }
    }

    private static ContainerStatus status(Pod pod, String container) {
        List<ContainerStatus> statuses =
                pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        if (statuses == null) {
            return null;
        }
        return statuses.stream()
                .filter(s -> container.equals(s.getName()))
                .findFirst()
                .orElse(null);
    }

    private static ContainerState orEmpty(ContainerState state) {
        return state == null ? new ContainerState() : state;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static LogRefusal refused(String format, String container, String pod) {
        return new LogRefusal(
                LogRefusal.BAD_REQUEST,
                String.format(format, "\"" + container + "\"", "\"" + pod + "\""));
    }
}
