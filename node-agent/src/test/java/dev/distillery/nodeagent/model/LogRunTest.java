package dev.distillery.nodeagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class LogRunTest {

    private static final String RUN_0 = "distillery://u/step/0";
    private static final String RUN_1 = "distillery://u/step/1";

    private static Pod pod(String id, ContainerState state, ContainerState last) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .withNamespace("default")
                .withUid("u")
                .endMetadata()
                .withNewStatus()
                .withContainerStatuses(
                        new ContainerStatusBuilder()
                                .withName("step")
                                .withContainerID(id)
                                .withState(state)
                                .withLastState(last)
                                .build())
                .endStatus()
                .build();
    }

    private static ContainerState running() {
        return new ContainerStateBuilder().withNewRunning().withStartedAt("t").endRunning().build();
    }

    private static ContainerState exited(String id) {
        return new ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(1)
                .withContainerID(id)
                .endTerminated()
                .build();
    }

    private static ContainerState waiting(String reason) {
        return ContainerView.waitingState(reason, null);
    }

    @Test
    void aRunningContainerIsItsCurrentRunAndFollowable() {
        assertThat(LogRun.of(pod(RUN_1, running(), exited(RUN_0)), "step", false))
                .isEqualTo(new LogRun(RUN_1, 1, true));
    }

    @Test
    void previousIsTheRunBefore() {
        assertThat(LogRun.of(pod(RUN_1, running(), exited(RUN_0)), "step", true))
                .isEqualTo(new LogRun(RUN_0, 0, false));
    }

    @Test
    void aFinishedContainerIsItsLastRun() {
        assertThat(LogRun.of(pod(RUN_0, exited(RUN_0), new ContainerState()), "step", false))
                .isEqualTo(new LogRun(RUN_0, 0, false));
    }

    @Test
    void aContainerWaitingToRestartIsTheRunThatEnded() {
        assertThat(LogRun.of(pod(RUN_0, waiting("CrashLoopBackOff"), exited(RUN_0)), "step", false))
                .isEqualTo(new LogRun(RUN_0, 0, false));
    }

    @Test
    void noPreviousRunIsTheKubeletsMessage() {
        assertThatThrownBy(
                        () -> LogRun.of(pod(RUN_0, running(), new ContainerState()), "step", true))
                .isInstanceOf(LogRefusal.class)
                .hasMessage("previous terminated container \"step\" in pod \"p\" not found");
    }

    @Test
    void aContainerThatNeverStartedSaysWhy() {
        assertThatThrownBy(
                        () ->
                                LogRun.of(
                                        pod(null, waiting("ErrImagePull"), new ContainerState()),
                                        "step",
                                        false))
                .hasMessage(
                        "container \"step\" in pod \"p\" is waiting to start: image can't be pulled");
        assertThatThrownBy(
                        () ->
                                LogRun.of(
                                        pod(
                                                null,
                                                waiting("ContainerCreating"),
                                                new ContainerState()),
                                        "step",
                                        false))
                .hasMessageEndingWith("is waiting to start: ContainerCreating");
    }

    @Test
    void anUnknownContainerIsNotAvailable() {
        assertThatThrownBy(() -> LogRun.of(pod(RUN_0, running(), new ContainerState()), "x", false))
                .hasMessage("container \"x\" in pod \"p\" is not available");
    }
}
