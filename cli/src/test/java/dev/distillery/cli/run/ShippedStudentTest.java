package dev.distillery.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The line under {@code best:} comes from the report's float32 and int8 rows of that student. */
class ShippedStudentTest {
    private static final String METRICS =
            """
            {"deployment": [
              {"student": "mlp", "variant": "mlp-s1", "precision": "float32", "accuracy": 0.8208,
               "agreement": 1.0, "bytes": 214195},
              {"student": "mlp", "variant": "mlp-s1", "precision": "int8", "accuracy": 0.8199,
               "agreement": 0.996, "bytes": 62127},
              {"student": "cnn-tiny", "variant": "cnn-tiny-s3", "precision": "float32",
               "accuracy": 0.8336, "agreement": 1.0, "bytes": 66569},
              {"student": "cnn-tiny", "variant": "cnn-tiny-s3", "precision": "int8",
               "accuracy": 0.8341, "agreement": 0.9931, "bytes": 28358}
            ]}
            """;

    @Test
    void theBestStudentsRowsMakeItsLine() throws Exception {
        JsonNode root = new ObjectMapper().readTree(METRICS);
        assertThat(ShippedStudent.of(root, "cnn-tiny").orElseThrow().line())
                .isEqualTo(
                        "ships as: cnn-tiny-s3 in TorchScript: float32 83.36 % in 66,569 bytes,"
                                + " int8 83.41 % in 28,358 bytes (agrees on 99.31 %)");
    }

    @Test
    void aReportWithoutThatStudentsRowsHasNoLine() throws Exception {
        JsonNode root = new ObjectMapper().readTree(METRICS);
        assertThat(ShippedStudent.of(root, "resnet")).isEmpty();
        assertThat(ShippedStudent.of(new ObjectMapper().readTree("{}"), "mlp")).isEmpty();
    }
}
