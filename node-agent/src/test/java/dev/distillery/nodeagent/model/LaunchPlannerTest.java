package dev.distillery.nodeagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaunchPlannerTest {

    private static final ImageConfig IMAGE =
            new ImageConfig(
                    List.of("/usr/local/bin/distillery-step"),
                    List.of("--help"),
                    Map.of("PATH", "/usr/bin"),
                    "/work",
                    "65532:65532");

    private static Pod pod(Container container) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .withNamespace("ns")
                .endMetadata()
                .withNewSpec()
                .withContainers(container)
                .endSpec()
                .build();
    }

    private static ContainerLaunch plan(Container container) {
        return LaunchPlanner.plan(
                pod(container),
                container,
                IMAGE,
                Map.of("SHARD", "3"),
                Map.of("scratch", "/host/scratch"),
                user -> Optional.empty());
    }

    @Test
    void commandReplacesEntrypointAndArgsReplaceCmd() {
        Container both =
                new ContainerBuilder()
                        .withName("c")
                        .withCommand("distillery-step")
                        .withArgs("train", "--shard", "$(SHARD)", "$(UNKNOWN)", "$$(SHARD)")
                        .build();
        Container argsOnly = new ContainerBuilder().withName("c").withArgs("report").build();
        Container commandOnly = new ContainerBuilder().withName("c").withCommand("sh").build();
        Container neither = new ContainerBuilder().withName("c").build();

        assertThat(plan(both).argv())
                .containsExactly(
                        "distillery-step", "train", "--shard", "3", "$(UNKNOWN)", "$(SHARD)");
        assertThat(plan(argsOnly).argv())
                .containsExactly("/usr/local/bin/distillery-step", "report");
        assertThat(plan(commandOnly).argv()).containsExactly("sh");
        assertThat(plan(neither).argv())
                .containsExactly("/usr/local/bin/distillery-step", "--help");
    }

    @Test
    void securityContextWinsOverTheImagesUserAndWorkingDirectory() {
        Container container =
                new ContainerBuilder()
                        .withName("c")
                        .withWorkingDir("/scratch")
                        .withNewSecurityContext()
                        .withRunAsUser(1000L)
                        .withReadOnlyRootFilesystem(true)
                        .endSecurityContext()
                        .addNewVolumeMount()
                        .withName("scratch")
                        .withMountPath("/scratch")
                        .endVolumeMount()
                        .build();

        ContainerLaunch launch = plan(container);

        assertThat(launch.uid()).isEqualTo(1000L);
        assertThat(launch.gid()).isEqualTo(65532L);
        assertThat(launch.workingDir()).isEqualTo("/scratch");
        assertThat(launch.readOnlyRoot()).isTrue();
        assertThat(launch.mounts())
                .containsExactly(new ContainerLaunch.Mount("/host/scratch", "/scratch", false));
        assertThat(launch.terminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(plan(new ContainerBuilder().withName("c").build()).uid()).isEqualTo(65532L);
        assertThat(plan(new ContainerBuilder().withName("c").build()).workingDir())
                .isEqualTo("/work");
    }

    @Test
    void runAsNonRootRefusesARootUser() {
        Container container =
                new ContainerBuilder()
                        .withName("c")
                        .withNewSecurityContext()
                        .withRunAsUser(0L)
                        .withRunAsNonRoot(true)
                        .endSecurityContext()
                        .build();

        assertThatThrownBy(() -> plan(container))
                .isInstanceOf(ContainerConfigException.class)
                .hasMessageContaining("runAsNonRoot and image will run as root");
    }
}
