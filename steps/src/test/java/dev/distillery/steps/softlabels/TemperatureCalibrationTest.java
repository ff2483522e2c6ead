package dev.distillery.steps.softlabels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TemperatureCalibrationTest {

    @Test
    void recoversTheTemperatureThatOverconfidentLogitsWereScaledBy() {
        // Labels drawn from softmax(z) are calibrated at T = 1; the same logits times 3 are
        // overconfident, and temperature scaling must find T close to 3.
        Random random = new Random(11);
        int samples = 20_000;
        int classes = 4;
        float[] calibrated = new float[samples * classes];
        int[] labels = new int[samples];
        for (int s = 0; s < samples; s++) {
            double[] p = new double[classes];
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                calibrated[s * classes + c] = (float) (random.nextGaussian() * 1.5);
                p[c] = Math.exp(calibrated[s * classes + c]);
                sum += p[c];
            }
            double u = random.nextDouble() * sum;
            int label = 0;
            while (label < classes - 1 && (u -= p[label]) > 0) {
                label++;
            }
            labels[s] = label;
        }
        float[] sharp = new float[calibrated.length];
        for (int i = 0; i < sharp.length; i++) {
            sharp[i] = calibrated[i] * 3;
        }
        TemperatureCalibration fit = TemperatureCalibration.fit(sharp, labels);
        assertThat(fit.temperature()).isCloseTo(3.0, within(0.15));
        assertThat(fit.nllAfter()).isLessThan(fit.nllBefore());
        assertThat(fit.eceAfter()).isLessThan(fit.eceBefore());
        assertThat(fit.eceAfter()).isLessThan(0.02);
        float[] applied = fit.apply(sharp);
        assertThat(applied[0]).isCloseTo((float) (sharp[0] / fit.temperature()), within(1e-6f));
    }

    @Test
    void nllAndEceByHand() {
        // One sample, logits (0, ln 3): p = (0.25, 0.75); label 1: NLL = -ln 0.75; ECE = |1 -
        // 0.75|.
        float[] logits = {0, (float) Math.log(3)};
        assertThat(TemperatureCalibration.nll(logits, new int[] {1}, 2, 1))
                .isCloseTo(-Math.log(0.75), within(1e-6));
        assertThat(TemperatureCalibration.ece(logits, new int[] {1}, 2, 1))
                .isCloseTo(0.25, within(1e-6));
        assertThat(TemperatureCalibration.ece(logits, new int[] {0}, 2, 1))
                .isCloseTo(0.75, within(1e-6));
    }
}
