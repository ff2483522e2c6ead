package dev.distillery.nodeagent.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuAssignmentTest {

    private static Container container(String request, String limit) {
        ContainerBuilder builder = new ContainerBuilder().withName("step");
        if (request != null) {
            builder.editOrNewResources()
                    .addToRequests(Map.of("cpu", new Quantity(request)))
                    .endResources();
        }
        if (limit != null) {
            builder.editOrNewResources()
                    .addToLimits(Map.of("cpu", new Quantity(limit)))
                    .endResources();
        }
        return builder.build();
    }

    @Test
    void aCpuLimitPinsTheContainerToThatManyOfTheLeastUsedCpus() {
        CpuAssignment cpus = new CpuAssignment(List.of(0, 1));

        assertThat(cpus.assign("a", container("900m", "900m"))).containsExactly(0);
        assertThat(cpus.assign("b", container(null, "1"))).containsExactly(1);
        assertThat(cpus.assign("c", container("1", "1"))).as("both used once").containsExactly(0);

        cpus.release("b");
        assertThat(cpus.assign("d", container("500m", "1"))).containsExactly(1);
        assertThat(cpus.assign("e", container("3", "3"))).as("at most all").containsExactly(0, 1);
    }

    @Test
    void aContainerWithoutACpuLimitRunsOnEveryCpu() {
        CpuAssignment cpus = new CpuAssignment(List.of(0, 1, 2, 3));

        assertThat(cpus.assign("requests-only", container("1", null))).isEmpty();
        assertThat(cpus.assign("best-effort", container(null, null))).isEmpty();
        assertThat(cpus.assign("two", container("1500m", "1500m"))).containsExactly(0, 1);
    }

    @Test
    void readsLinuxCpuLists() {
        assertThat(CpuAssignment.parseList("0-3,6\n")).containsExactly(0, 1, 2, 3, 6);
        assertThat(CpuAssignment.parseList("1")).containsExactly(1);
    }
}
