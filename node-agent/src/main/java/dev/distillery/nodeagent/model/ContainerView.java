package dev.distillery.nodeagent.model;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;

/**
 * What the agent knows of one container, as its pod status shows it.
 *
 * @param name the container's name
 * @param image the image reference from the pod spec
 * @param imageId the image's digest reference, or empty before it is resolved
 * @param containerId this run's id, or empty before the first start
 * @param restartCount how many times it was restarted
 * @param state waiting (with a reason), running or terminated
 * @param lastState the previous run's termination, or an empty state
 */
public record ContainerView(
        String name,
        String image,
        String imageId,
        String containerId,
        int restartCount,
        ContainerState state,
        ContainerState lastState) {

    /** A container not started yet, waiting for {@code reason}. */
    public static ContainerView waiting(String name, String image, String reason, String message) {
        return new ContainerView(
                name, image, "", "", 0, waitingState(reason, message), new ContainerState());
    }

    /** The same container, now in {@code state}. */
    public ContainerView with(ContainerState next) {
        return new ContainerView(name, image, imageId, containerId, restartCount, next, lastState);
    }

    public static ContainerState waitingState(String reason, String message) {
        return new ContainerStateBuilder()
                .withNewWaiting()
                .withReason(reason)
                .withMessage(message)
                .endWaiting()
                .build();
    }

    boolean running() {
        return state.getRunning() != null;
    }

    boolean terminated() {
        return state.getTerminated() != null;
    }

    boolean restarting() {
        return state.getWaiting() != null && lastState.getTerminated() != null;
    }
}
