package dev.distillery.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OperatorHeapTest {

    @Test
    void readsTheUsedHeapOfJdk17G1() {
        String heapInfo =
                """
                4184:
                 garbage-first heap   total 65536K, used 24917K [0x00000000e0000000, 0x0000000100000000)
                  region size 1024K, 2 young (2048K), 0 survivors (0K)
                 Metaspace       used 38145K, committed 38656K, reserved 1089536K
                  class space    used 4512K, committed 4736K, reserved 1048576K
                """;

        assertThat(OperatorHeap.usedKib(heapInfo)).isEqualTo(24917);
    }

    @Test
    void outputWithoutAHeapLineIsAnError() {
        assertThatThrownBy(() -> OperatorHeap.usedKib("4184:\nCommand executed successfully"))
                .hasMessageContaining("no used heap");
    }

    @Test
    void measuresThisJvm() throws Exception {
        long used = new OperatorHeap(ProcessHandle.current().pid()).usedKibAfterGc();

        long max = Runtime.getRuntime().maxMemory() / 1024;
        assertThat(used).isPositive().isLessThan(max);
    }
}
