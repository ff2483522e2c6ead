package dev.distillery.nodeagent.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static final Map<String, Quantity> NODE =
            Map.of(
                    "cpu",
                    new Quantity("2"),
                    "memory",
                    new Quantity("4Gi"),
                    "pods",
                    new Quantity("10"));

    private static Pod requesting(String cpu, String gpus) {
        PodBuilder pod = new PodBuilder();
        var container = pod.withNewSpec().addNewContainer().withName("c").withNewResources();
        container.addToRequests("cpu", new Quantity(cpu));
        if (gpus != null) {
            container.addToLimits("nvidia.com/gpu", new Quantity(gpus));
        }
        return container.endResources().endContainer().endSpec().build();
    }

    @Test
    void podsThatFitAreAdmittedOthersRefusedWithTheKubeletsReason() {
        assertThat(Admission.refuse(requesting("1", null), List.of(requesting("500m", null)), NODE))
                .isEmpty();

        String[] cpu =
                Admission.refuse(requesting("1", null), List.of(requesting("1500m", null)), NODE)
                        .orElseThrow();
        assertThat(cpu[0]).isEqualTo("OutOfcpu");
        assertThat(cpu[1]).contains("requested: 1, used: 1.5, capacity: 2");

        String[] gpu = Admission.refuse(requesting("1", "1"), List.of(), NODE).orElseThrow();
        assertThat(gpu[0]).isEqualTo("OutOfnvidia.com/gpu");
    }
}
