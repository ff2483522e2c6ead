package dev.distillery.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.steps.artifacts.DatasetSource;
import dev.distillery.steps.artifacts.StepStorage;
import dev.distillery.steps.data.ImageShape;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.handoff.HandOffExample;
import dev.distillery.steps.model.ModelDescription;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A student that {@code distillery-step train} wrote loads in a plain DJL program with {@code
 * Criteria} (the hand-off example) and classifies the 10,000 Fashion-MNIST test images as the step
 * reported: its accuracy in {@code metrics.json} within one image.
 */
class HandOffIT {
    @TempDir Path dir;
    private List<String> names;

    @Test
    void aTrainedStudentLoadsWithCriteriaAndMatchesTheStepsAccuracy() throws Exception {
        Path student = dir.resolve("student");
        StepRun trained =
                StepRun.of(
                        "train",
                        "--model",
                        "mlp:32",
                        "--limit",
                        "2000",
                        "--epochs",
                        "1",
                        "--output",
                        student.toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        double reported =
                new ObjectMapper()
                        .readTree(student.resolve(ArtifactFiles.METRICS).toFile())
                        .get("testAccuracy")
                        .asDouble();
        assertThat(reported).isEqualTo(trained.metric("testAccuracy")).isGreaterThan(0.3);

        LabelledImages test;
        try (StepStorage storage = new StepStorage()) {
            test =
                    DatasetSource.load(storage, DatasetSource.PACKAGED.toUri().toString(), 0)
                            .test()
                            .orElseThrow();
        }
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < test.count(); i++) {
            images.add(image(test, i));
        }
        int[] labels = test.labels();
        names = ModelDescription.read(student.resolve(ArtifactFiles.MODEL_SPEC)).classNames();

        double example = accuracy(HandOffExample.classify(student, images), labels);
        System.out.printf(
                "hand-off: step %.4f, Criteria %.4f on %d images%n",
                reported, example, labels.length);
        assertThat(Math.abs(example - reported) * labels.length).isLessThanOrEqualTo(1.0);
    }

    /** Test image {@code i} as a plain image, as a user would read it from a PNG. */
    private static Image image(LabelledImages images, int i) {
        ImageShape shape = images.shape();
        byte[] pixels = images.read(i);
        BufferedImage picture =
                new BufferedImage(shape.width(), shape.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                int p = pixels[y * shape.width() + x] & 0xff;
                picture.setRGB(x, y, (p << 16) | (p << 8) | p);
            }
        }
        return ImageFactory.getInstance().fromImage(picture);
    }

    private double accuracy(List<Classifications> results, int[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            if (results.get(i).best().getClassName().equals(className(i, labels))) {
                right++;
            }
        }
        return (double) right / labels.length;
    }

    private String className(int i, int[] labels) {
        return names.get(labels[i]);
    }
}
