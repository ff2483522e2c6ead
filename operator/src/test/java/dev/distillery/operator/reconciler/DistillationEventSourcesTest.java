package dev.distillery.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.Test;

class DistillationEventSourcesTest {

    @Test
    void mapsAStepPodToItsDistillationByLabel() {
        Pod pod =
                new PodBuilder()
                        .withNewMetadata()
                        .withName("quick-teacher-0-x7k2p")
                        .withNamespace("team-a")
                        .addToLabels("distillery.dev/distillation", "quick")
                        .endMetadata()
                        .build();

        assertThat(DistillationEventSources.owner(pod))
                .containsExactly(new ResourceID("quick", "team-a"));
    }

    @Test
    void ignoresAPodWithoutTheLabel() {
        Pod pod =
                new PodBuilder()
                        .withNewMetadata()
                        .withName("other")
                        .withNamespace("team-a")
                        .endMetadata()
                        .build();

        assertThat(DistillationEventSources.owner(pod)).isEmpty();
    }

    @Test
    void indexesAStepPodByItsJob() {
        Pod pod =
                new PodBuilder()
                        .withNewMetadata()
                        .withName("quick-teacher-0-x7k2p")
                        .withNamespace("team-a")
                        .addToLabels("batch.kubernetes.io/job-name", "quick-teacher-0")
                        .endMetadata()
                        .build();
        Pod bare = new PodBuilder().withNewMetadata().withName("other").endMetadata().build();

        assertThat(DistillationEventSources.jobOf(pod)).contains("team-a/quick-teacher-0");
        assertThat(DistillationEventSources.jobOf(bare)).isEmpty();
    }
}
