package dev.distillery.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.contract.ExitCodes;
import dev.distillery.steps.data.ImageFolderDatasetTest;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input a user gets wrong ends with exit code 65, one clear line, and no complete artifact. */
class BadInputIT {
    @TempDir Path dir;

    @Test
    void unknownModelSpec() {
        assertBadInput(
                train("--model", "transformer:12"), "invalid model spec 'transformer:12'", "mlp:");
    }

    @Test
    void theFailureLineIsAlsoTheTerminationMessage() throws IOException {
        Path terminationLog = dir.resolve("termination-log");
        StepRun run =
                train("--model", "transformer:12", "--termination-log", terminationLog.toString());

        assertBadInput(run, "invalid model spec 'transformer:12'");
        String failure = run.err().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(Files.readString(terminationLog)).isEqualTo(failure + "\n");
    }

    @Test
    void alphaOutsideUnitIntervalAndNonPositiveTemperature() {
        assertBadInput(train("--model", "mlp:8", "--alpha", "1.5"), "--alpha must be in [0,1]");
        assertBadInput(
                train("--model", "mlp:8", "--temperature", "0"),
                "--temperature must be a positive");
    }

    @Test
    void gpuWithoutGpu() {
        assertBadInput(train("--model", "mlp:8", "--device", "gpu"), "--device gpu needs 1 GPU");
    }

    @Test
    void missingAndCorruptData() throws IOException {
        assertBadInput(
                train("--model", "mlp:8", "--data", dir.resolve("absent").toString()),
                "dataset " + dir.resolve("absent"));
        Path corrupt = Files.createDirectories(dir.resolve("corrupt"));
        try (DataOutputStream out =
                new DataOutputStream(
                        Files.newOutputStream(corrupt.resolve("train-images-idx3-ubyte")))) {
            out.writeInt(1234);
            out.writeInt(1);
        }
        assertBadInput(
                train("--model", "mlp:8", "--data", corrupt.toString()),
                corrupt.resolve("train-images-idx3-ubyte") + " has magic number 1234");
    }

    @Test
    void nanLossNamesEpochAndBatch() {
        assertBadInput(
                train(
                        "--model",
                        "mlp:32",
                        "--limit",
                        "600",
                        "--optimizer",
                        "sgd",
                        "--learning-rate",
                        "1e30"),
                "training loss became NaN at epoch 1, batch");
    }

    @Test
    void softLabelsThatDoNotMatchTheData() {
        String teacher = dir.resolve("teacher").toString();
        assertThat(
                        StepRun.of(
                                        "train",
                                        "--model",
                                        "mlp:16",
                                        "--limit",
                                        "600",
                                        "--epochs",
                                        "1",
                                        "--output",
                                        teacher)
                                .exitCode())
                .isZero();
        String soft = dir.resolve("soft").toString();
        assertThat(
                        StepRun.of(
                                        "soft-labels",
                                        "--teacher",
                                        teacher,
                                        "--limit",
                                        "600",
                                        "--output",
                                        soft)
                                .exitCode())
                .isZero();
        assertBadInput(
                train("--model", "mlp:8", "--limit", "500", "--teacher-logits", soft),
                "hold 600 samples of 10 classes but the training data",
                "has 500 samples of 10 classes");
        String halfDone = dir.resolve("half-done").toString();
        assertThat(
                        StepRun.of(
                                        "soft-labels",
                                        "--teacher",
                                        teacher,
                                        "--limit",
                                        "600",
                                        "--output",
                                        halfDone,
                                        "--shard",
                                        "0",
                                        "--shards",
                                        "2")
                                .exitCode())
                .isZero();
        assertBadInput(
                train("--model", "mlp:8", "--limit", "600", "--teacher-logits", halfDone),
                "are incomplete: shard 1 of 2",
                "has not finished");
    }

    @Test
    void evaluatingAModelOnDataOfAnotherShape() throws IOException {
        String model = dir.resolve("mnist-model").toString();
        assertThat(
                        StepRun.of(
                                        "train",
                                        "--model",
                                        "mlp:8",
                                        "--limit",
                                        "300",
                                        "--epochs",
                                        "1",
                                        "--output",
                                        model)
                                .exitCode())
                .isZero();
        Path colours = dir.resolve("colours");
        ImageFolderDatasetTest.writeImages(
                colours.resolve("a"), 2, 0xff0000, 5, 5, BufferedImage.TYPE_INT_RGB);
        assertBadInput(
                StepRun.of("evaluate", "--model", model, "--data", colours.toString()),
                "takes 1x28x28 images of 10 classes but the data " + colours,
                "has 3x5x5 images of 1 classes");
    }

    @Test
    void rerunsWithOtherSettingsIntoTheSameOutputAreRefused() throws IOException {
        String output = dir.resolve("first-run").toString();
        StepRun first =
                StepRun.of(
                        "train",
                        "--model",
                        "mlp:8",
                        "--epochs",
                        "1",
                        "--seed",
                        "1",
                        "--limit",
                        "600",
                        "--output",
                        output);
        assertThat(first.exitCode()).as(first.err()).isZero();
        byte[] metrics = Files.readAllBytes(Path.of(output, "metrics.json"));
        // Complete: another seed and limit must not get the first run's results back.
        StepRun complete =
                StepRun.of(
                        "train",
                        "--model",
                        "mlp:8",
                        "--epochs",
                        "1",
                        "--seed",
                        "7",
                        "--limit",
                        "700",
                        "--output",
                        output);
        assertThat(complete.exitCode()).as(complete.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(complete.err())
                .contains("belongs to another run")
                .contains("--seed 1 there, 7 in this run")
                .contains("--limit 600 there, 700 in this run")
                .doesNotContain("nothing to do");
        assertThat(complete.out()).doesNotContain("accuracy=");
        // The same settings still find it complete.
        StepRun again =
                StepRun.of(
                        "train",
                        "--model",
                        "mlp:8",
                        "--epochs",
                        "1",
                        "--seed",
                        "1",
                        "--limit",
                        "600",
                        "--output",
                        output);
        assertThat(again.exitCode()).isZero();
        assertThat(again.err()).contains("already complete; nothing to do");
        // Unfinished, with its checkpoints: another batch size must not continue them.
        Files.delete(Path.of(output, "manifest.json"));
        StepRun resumed =
                StepRun.of(
                        "train",
                        "--model",
                        "mlp:8",
                        "--epochs",
                        "2",
                        "--seed",
                        "1",
                        "--limit",
                        "600",
                        "--batch-size",
                        "64",
                        "--output",
                        output);
        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(resumed.err())
                .contains("the checkpoint in this --output belongs to another run")
                .contains("--epochs 1 there, 2 in this run")
                .contains("--batch-size 128 there, 64 in this run");
        assertThat(Files.readAllBytes(Path.of(output, "metrics.json"))).isEqualTo(metrics);
    }

    @Test
    void limitsThatLeaveNothingToTrainOn() {
        assertBadInput(train("--model", "mlp:8", "--limit", "-3"), "--limit must be 0 (all)");
        assertBadInput(
                train("--model", "mlp:8", "--limit", "1", "--val-fraction", "0.5"),
                "no training samples left");
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        StepRun run = StepRun.of("train", "--model", "mlp:8");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--output");
    }

    private StepRun train(String... extra) {
        String[] args = new String[extra.length + 5];
        args[0] = "train";
        args[1] = "--output";
        args[2] = dir.resolve("out").toString();
        args[3] = "--epochs";
        args[4] = "1";
        System.arraycopy(extra, 0, args, 5, extra.length);
        return StepRun.of(args);
    }

    private void assertBadInput(StepRun run, String... messageParts) {
        assertThat(run.exitCode()).as("stderr: " + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        List<String> failures =
                run.err().lines().filter(line -> line.startsWith("distillery-step ")).toList();
        assertThat(failures).as("the failure message, once").hasSize(1);
        assertThat(run.err().strip().lines().reduce((a, b) -> b)).contains(failures.get(0));
        for (String part : messageParts) {
            assertThat(failures.get(0)).contains(part);
        }
        assertThat(run.err()).doesNotContain("\tat ");
        assertThat(dir.resolve("out/manifest.json")).doesNotExist();
    }
}
