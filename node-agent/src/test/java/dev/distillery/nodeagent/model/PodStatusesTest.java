package dev.distillery.nodeagent.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodStatusesTest {

    private static ContainerView view(ContainerState state, ContainerState last) {
        return new ContainerView(
                "step", "img", "img@sha256:1", "distillery://u/step/0", 0, state, last);
    }

    private static ContainerState running() {
        return new ContainerStateBuilder().withNewRunning().withStartedAt("t").endRunning().build();
    }

    private static ContainerState exited(int code) {
        return new ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(code)
                .withMessage("{\"step\":\"train\"}")
                .endTerminated()
                .build();
    }

    private static Pod pod(String restartPolicy) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy(restartPolicy)
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();
    }

    @Test
    void phaseFollowsTheKubeletsRules() {
        ContainerState none = new ContainerState();
        ContainerView waiting =
                ContainerView.waiting("step", "img", "ImagePullBackOff", "no such image");

        assertThat(PodStatuses.phase("Never", List.of(waiting))).isEqualTo("Pending");
        assertThat(PodStatuses.phase("Never", List.of(view(running(), none)))).isEqualTo("Running");
        assertThat(PodStatuses.phase("Never", List.of(view(exited(0), none))))
                .isEqualTo("Succeeded");
        assertThat(PodStatuses.phase("Never", List.of(view(exited(75), none)))).isEqualTo("Failed");
        assertThat(PodStatuses.phase("OnFailure", List.of(view(exited(75), none))))
                .isEqualTo("Running");
        assertThat(PodStatuses.phase("Always", List.of(view(exited(0), none))))
                .isEqualTo("Running");
        ContainerView backingOff =
                view(ContainerView.waitingState("CrashLoopBackOff", "back-off"), exited(1));
        assertThat(PodStatuses.phase("Always", List.of(backingOff))).isEqualTo("Running");
    }

    @Test
    void statusCarriesExitCodesMessagesAndReadiness() {
        PodStatus done =
                PodStatuses.status(
                        pod("Never"),
                        List.of(view(exited(0), new ContainerState())),
                        "s",
                        "127.0.0.1",
                        "now");
        PodStatus up =
                PodStatuses.status(
                        pod("Never"),
                        List.of(view(running(), new ContainerState())),
                        "s",
                        "127.0.0.1",
                        "now");

        assertThat(done.getPhase()).isEqualTo("Succeeded");
        assertThat(done.getContainerStatuses().get(0).getState().getTerminated().getMessage())
                .isEqualTo("{\"step\":\"train\"}");
        assertThat(done.getConditions())
                .filteredOn(c -> c.getType().equals("Ready"))
                .extracting(PodCondition::getStatus, PodCondition::getReason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("False", "PodCompleted"));
        assertThat(done.getConditions()).extracting(PodCondition::getType).contains("PodScheduled");
        assertThat(up.getConditions())
                .filteredOn(c -> c.getType().equals("Ready"))
                .extracting(PodCondition::getStatus)
                .containsExactly("True");
        assertThat(up.getPodIP()).isEqualTo("127.0.0.1");
    }
}
