package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.model.ModelSpec;
import org.junit.jupiter.api.Test;

class TrainingSettingsTest {
    private static final ModelSpec MLP = ModelSpec.parse("mlp:8");

    @Test
    void everyOutOfRangeSettingNamesItsFlag() {
        assertRejected(settings(0, 128, 1e-3, "adam", 0.1, 4, 0.5), "--epochs must be positive");
        assertRejected(settings(1, 0, 1e-3, "adam", 0.1, 4, 0.5), "--batch-size must be positive");
        assertRejected(settings(1, 128, 0, "adam", 0.1, 4, 0.5), "--learning-rate");
        assertRejected(
                settings(1, 128, 1e-3, "lamb", 0.1, 4, 0.5), "--optimizer must be adam or sgd");
        assertRejected(settings(1, 128, 1e-3, "adam", 1.0, 4, 0.5), "--val-fraction");
        assertRejected(settings(1, 128, 1e-3, "adam", 0.1, -2, 0.5), "--temperature");
        assertRejected(settings(1, 128, 1e-3, "adam", 0.1, 4, -0.1), "--alpha must be in [0,1]");
        assertRejected(settings(1, 128, 1e-3, "adam", 0.1, Double.NaN, 0.5), "--temperature");
    }

    @Test
    void recipeFlagsOutOfRangeNameTheirFlag() {
        assertRejected(
                () -> recipe("linear", 0, 0, 0, 0), "--lr-schedule must be constant or cosine");
        assertRejected(
                () -> recipe("cosine", 3, 0, 0, 0), "--warmup-epochs must be in [0, --epochs)");
        assertRejected(() -> recipe("cosine", -1, 0, 0, 0), "--warmup-epochs");
        assertRejected(() -> recipe("constant", 0, -2, 0, 0), "--early-stopping must be 0 (off)");
        assertRejected(
                () -> recipe("constant", 0, 0, 1.0, 0), "--label-smoothing must be in [0,1)");
        assertRejected(() -> recipe("constant", 0, 0, 0, -0.5), "--hint-weight must be >= 0");
        assertRejected(
                () ->
                        new TrainingSettings(
                                MLP,
                                3,
                                16,
                                1e-3,
                                1,
                                "adam",
                                0.9,
                                0,
                                0,
                                false,
                                false,
                                4,
                                0.5,
                                "constant",
                                0,
                                2,
                                0,
                                0),
                "--early-stopping watches the validation accuracy: it needs --val-fraction > 0");
        TrainingSettings accepted = recipe("cosine", 2, 5, 0.1, 2);
        assertThat(accepted.schedule()).isEqualTo("cosine");
        assertThat(accepted.earlyStopping()).isEqualTo(5);
        assertThat(build(1, 1, 1e-3, "adam", 0.1, 4, 0.5).schedule()).isEqualTo("constant");
    }

    private static TrainingSettings recipe(
            String schedule, int warmup, int patience, double smoothing, double hint) {
        return new TrainingSettings(
                MLP, 3, 16, 1e-3, 1, "adam", 0.9, 0, 0.1, false, false, 4, 0.5, schedule, warmup,
                patience, smoothing, hint);
    }

    @Test
    void boundaryValuesAreAccepted() {
        assertThat(build(1, 1, 1e-3, "sgd", 0, 0.5, 0).alpha()).isZero();
        assertThat(build(1, 1, 1e-3, "adam", 0.99, 20, 1).alpha()).isEqualTo(1);
    }

    @Test
    void devicesByName() {
        assertThat(DeviceChoice.resolve("cpu")).containsExactly(Device.cpu());
        // This machine has no GPU: auto falls back to the CPU, gpu is bad input.
        assertThat(DeviceChoice.resolve("auto")).containsExactly(Device.cpu());
        assertRejected(() -> DeviceChoice.resolve("gpu"), "--device gpu needs 1 GPU(s)");
        assertRejected(() -> DeviceChoice.resolve("gpu:all"), "--device gpu:all needs");
        assertRejected(() -> DeviceChoice.resolve("tpu"), "--device 'tpu' is not one of");
    }

    private static Runnable settings(
            int epochs,
            int batch,
            double rate,
            String optimizer,
            double validation,
            double temperature,
            double alpha) {
        return () -> build(epochs, batch, rate, optimizer, validation, temperature, alpha);
    }

    private static TrainingSettings build(
            int epochs,
            int batch,
            double rate,
            String optimizer,
            double validation,
            double temperature,
            double alpha) {
        return new TrainingSettings(
                MLP,
                epochs,
                batch,
                rate,
                1,
                optimizer,
                0.9,
                0,
                validation,
                false,
                false,
                temperature,
                alpha);
    }

    private static void assertRejected(Runnable action, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining(message);
    }
}
