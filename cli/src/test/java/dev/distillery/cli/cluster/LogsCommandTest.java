package dev.distillery.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogsCommandTest {

    static Pod pod(String name, String created, String index, boolean ran) {
        PodBuilder pod =
                new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withCreationTimestamp(created)
                        .endMetadata();
        if (index != null) {
            pod.editMetadata().addToAnnotations(LogsCommand.COMPLETION_INDEX, index).endMetadata();
        }
        pod.withNewStatus()
                .addNewContainerStatus()
                .withName("step")
                .withNewState()
                .withNewWaiting()
                .withReason("ContainerCreating")
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus();
        Pod built = pod.build();
        if (ran) {
            built.getStatus().getContainerStatuses().get(0).getState().setWaiting(null);
            built.getStatus()
                    .getContainerStatuses()
                    .get(0)
                    .getState()
                    .setTerminated(
                            new io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder()
                                    .withExitCode(1)
                                    .build());
        }
        return built;
    }

    @Test
    void theLatestAttemptOfEachShardInShardOrder() {
        List<Pod> pods =
                List.of(
                        pod("s-1-b", "2026-01-01T00:02:00Z", "1", true),
                        pod("s-0-a", "2026-01-01T00:00:00Z", "0", true),
                        pod("s-1-a", "2026-01-01T00:00:00Z", "1", true),
                        pod("s-0-b", "2026-01-01T00:03:00Z", "0", true));

        assertThat(LogsCommand.latestPerShard(pods))
                .extracting(p -> p.getMetadata().getName())
                .containsExactly("s-0-b", "s-1-b");
        assertThat(
                        LogsCommand.latestPerShard(
                                List.of(
                                        pod("retry", "2026-01-01T00:05:00Z", null, false),
                                        pod("first", "2026-01-01T00:00:00Z", null, true))))
                .extracting(p -> p.getMetadata().getName())
                .containsExactly("retry");
    }

    @Test
    void aPodWhoseContainerHasNotRunHasNoLogToPrefer() {
        assertThat(LogsCommand.started(pod("waiting", "2026-01-01T00:00:00Z", null, false)))
                .isFalse();
        assertThat(LogsCommand.started(pod("ended", "2026-01-01T00:00:00Z", null, true))).isTrue();
        assertThat(LogsCommand.started(new PodBuilder().withNewMetadata().endMetadata().build()))
                .isFalse();
    }
}
