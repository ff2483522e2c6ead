package dev.distillery.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.cli.Distillery;
import dev.distillery.contract.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CompletionTest {

    @Test
    void generateCompletionPrintsABashScriptThatCompletesTheClusterCommands() {
        StringWriter out = new StringWriter();
        var line = Distillery.commandLine();
        line.setOut(new PrintWriter(out, true));

        int exit = line.execute("generate-completion");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains("complete -F _complete_distillery")
                .contains("function _picocli_distillery_submit()")
                .contains("function _picocli_distillery_describe()")
                .contains("function _picocli_distillery_logs()")
                .contains("--follow")
                .contains("--best-artifact-file");
    }
}
