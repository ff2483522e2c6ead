package dev.distillery.steps.imported;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeacherContractTest {
    private static final String INPUT =
            "\"input\": {\"channels\": 3, \"height\": 32, \"width\": 32, \"layout\": \"NCHW\","
                    + " \"mean\": [0.5], \"std\": [0.25]}";

    @TempDir Path dir;

    private TeacherContract read(String json) throws IOException {
        Files.writeString(dir.resolve(TeacherContract.FILE), json);
        return TeacherContract.read(dir);
    }

    @Test
    void outputsAreReorderedIntoTheDataClassOrder() throws IOException {
        TeacherContract contract =
                read(
                        "{\"format\": \"ONNX\", "
                                + INPUT
                                + ", \"classNames\": [\"b\", \"c\", \"a\"]}");
        assertThat(contract.onnx()).isTrue();
        assertThat(contract.file()).isEqualTo("model.onnx");
        // data class a is output 2, b output 0, c output 1
        assertThat(contract.outputOf(List.of("a", "b", "c"), "t", "d")).containsExactly(2, 0, 1);
    }

    @Test
    void classesThatAreNotTheDataClassesNameBoth() throws IOException {
        TeacherContract contract =
                read(
                        "{\"format\": \"torchscript\", "
                                + INPUT
                                + ", \"classNames\": [\"a\", \"x\"]}");
        assertThat(contract.file()).isEqualTo("model.pt");
        assertThatThrownBy(() -> contract.outputOf(List.of("a", "b"), "s3://t/gnet", "fashion"))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("teacher s3://t/gnet declares 2 classes [a, x]")
                .hasMessageContaining("the data fashion has 2 classes [a, b]");
    }

    @Test
    void everyProblemOfAContractIsReportedWithItsFile() {
        assertThatThrownBy(() -> read("{\"format\": \"keras\", \"classNames\": [\"a\", \"a\"]}"))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining(dir.resolve(TeacherContract.FILE).toString())
                .hasMessageContaining("format must be one of [torchscript, onnx], got keras")
                .hasMessageContaining("input is required")
                .hasMessageContaining("classNames has duplicates");
        assertThatThrownBy(() -> read("{\"format\": \"onnx\", \"clasNames\": []}"))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("is not valid")
                .hasMessageContaining("clasNames");
    }
}
