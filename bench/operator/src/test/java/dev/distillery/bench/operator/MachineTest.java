package dev.distillery.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineTest {

    @Test
    void readsAFieldOfAProcFile() {
        String cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\n";

        assertThat(Machine.field(cpuinfo, "model name")).isEqualTo("AMD EPYC");
        assertThat(Machine.field(cpuinfo, "model")).isEqualTo("unknown");
    }

    @Test
    void describesThisMachine() throws Exception {
        Machine machine = Machine.describe();

        assertThat(machine.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(machine.memoryGib()).isPositive();
        assertThat(Machine.load()).isNotNegative();
    }
}
