package dev.distillery.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.contract.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EngineCommandTest {

    @Test
    void reportsTheEngineAndTheDevicesAChoiceResolvesTo() {
        StringWriter out = new StringWriter();
        CommandLine command = DistilleryStep.commandLine().setOut(new PrintWriter(out));

        int exit = command.execute("engine", "--device", "cpu");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains("engine=PyTorch")
                .contains("version=2.7.1")
                .contains("devices=cpu()")
                .containsPattern("gpus=\\d+");
    }

    @Test
    void aGpuChoiceWithoutAGpuIsBadInputNamingTheFlag() {
        StringWriter err = new StringWriter();
        CommandLine command = DistilleryStep.commandLine().setErr(new PrintWriter(err));

        int exit = command.execute("engine", "--device", "gpu:all");

        // This machine has no GPU; on a GPU node the same call lists every GPU.
        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("distillery-step engine: --device gpu:all needs");
    }
}
