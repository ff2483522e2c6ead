package dev.distillery.steps.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.contract.ExitCodes;
import dev.distillery.contract.StepSummary;
import dev.distillery.steps.cli.DistilleryStep;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ArtifactStores;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir Path dir;

    @Test
    void writesPageParetoAndCurvesFromTrainedArtifacts() throws IOException {
        String teacher = artifact("teacher", 200_000, 0.91, 0.8, 0.5);
        String student = artifact("student", 20_000, 0.88, 9.0, 7.5);
        String scratch = artifact("scratch", 20_000, 0.86, 0.9, 0.6);
        String output = dir.resolve("report").toUri().toString();
        Path log = dir.resolve("summary.json");

        int exit =
                run(
                        "report",
                        "--output",
                        output,
                        "--teacher",
                        teacher,
                        "--student",
                        "small=" + student,
                        "--baseline",
                        "small=" + scratch,
                        "--termination-log",
                        log.toString());

        assertThat(exit).isEqualTo(ExitCodes.OK);
        Path report = dir.resolve("report");
        assertThat(report.resolve("manifest.json")).exists();
        String html = Files.readString(report.resolve(ReportCommand.PAGE));
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .endsWith("</html>\n")
                .contains("<img src=\"pareto.png\"")
                .contains("distilled small")
                .contains("mlp:8 (T=4, alpha=0.7)")
                .contains("88.00 %")
                .contains("86.00 %")
                .contains("+2.00 pts")
                .contains("10.0x");
        for (String image :
                new String[] {ReportCommand.PARETO, ReportCommand.LOSS, ReportCommand.ACCURACY}) {
            byte[] bytes = Files.readAllBytes(report.resolve(image));
            assertThat(Arrays.copyOf(bytes, 8)).isEqualTo(PNG);
            BufferedImage decoded = ImageIO.read(report.resolve(image).toFile());
            assertThat(decoded.getWidth()).isGreaterThan(100);
        }
        StepSummary summary = StepSummary.fromJson(Files.readString(log));
        assertThat(summary.step()).isEqualTo("report");
        assertThat(summary.samples()).isEqualTo(3);
    }

    @Test
    void aMissingArtifactIsBadInputNamingIt() {
        String missing = dir.resolve("nothing-here").toUri().toString();
        StringWriter err = new StringWriter();

        int exit =
                DistilleryStep.commandLine()
                        .setErr(new PrintWriter(err))
                        .execute(
                                "report",
                                "--output",
                                dir.resolve("report").toUri().toString(),
                                "--student",
                                "small=" + missing,
                                "--termination-log",
                                dir.resolve("t.json").toString());

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("nothing-here");
        assertThat(dir.resolve("report").resolve("manifest.json")).doesNotExist();
    }

    private String artifact(
            String name, long parameters, double accuracy, double firstLoss, double lastLoss)
            throws IOException {
        Path folder = Files.createDirectories(dir.resolve("src-" + name));
        StepSummary summary =
                new StepSummary(
                        "train",
                        null,
                        accuracy - 0.01,
                        parameters,
                        2,
                        900L,
                        1.0,
                        false,
                        Map.of("testAccuracy", accuracy));
        Files.writeString(
                folder.resolve("metrics.json"),
                "{\"step\":\"train\",\"accuracy\":"
                        + (accuracy - 0.01)
                        + ",\"testAccuracy\":"
                        + accuracy
                        + ",\"parameters\":"
                        + parameters
                        + ",\"model\":\"mlp:8\",\"temperature\":4.0,\"alpha\":0.7,\"history\":["
                        + "{\"epoch\":1,\"loss\":"
                        + firstLoss
                        + ",\"validationAccuracy\":0.7},"
                        + "{\"epoch\":2,\"loss\":"
                        + lastLoss
                        + ",\"validationAccuracy\":\"NaN\"}],\"summary\":"
                        + summary.toJson()
                        + "}");
        String uri = dir.resolve(name).toUri().toString();
        try (ArtifactStore store = ArtifactStores.open(uri)) {
            store.publish(folder, uri);
        }
        return uri;
    }

    private static int run(String... args) {
        CommandLine command = DistilleryStep.commandLine();
        return command.execute(args);
    }
}
