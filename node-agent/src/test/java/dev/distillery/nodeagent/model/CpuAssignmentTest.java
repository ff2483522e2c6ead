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
    void wholeCpusEqualToTheRequestAreExclusiveUntilReleased() {
        CpuAssignment cpus = new CpuAssignment(List.of(0, 1));

        assertThat(cpus.assign("a", container("1", "1"))).containsExactly(0);
        assertThat(cpus.assign("b", container(null, "1"))).containsExactly(1);
        assertThat(cpus.assign("c", container("1", "1"))).as("none left: shared").isEmpty();

        cpus.release("a");
        assertThat(cpus.assign("c", container("1", "1"))).containsExactly(0);
    }

    @Test
    void fractionsBurstableAndBestEffortContainersShare() {
        CpuAssignment cpus = new CpuAssignment(List.of(0, 1, 2, 3));

        assertThat(cpus.assign("half", container("500m", "500m"))).isEmpty();
        assertThat(cpus.assign("burstable", container("1", "2"))).isEmpty();
        assertThat(cpus.assign("best-effort", container(null, null))).isEmpty();
        assertThat(cpus.assign("two", container("2", "2"))).containsExactly(0, 1);
        assertThat(cpus.assign("three", container("3", "3"))).as("only 2 free").isEmpty();
    }

    @Test
    void readsLinuxCpuLists() {
        assertThat(CpuAssignment.parseList("0-3,6\n")).containsExactly(0, 1, 2, 3, 6);
        assertThat(CpuAssignment.parseList("1")).containsExactly(1);
    }
}
