package dev.distillery.contract.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepChoiceTest {

    private static SweepPoint point(
            String student, double t, double alpha, long seed, Double validation, double test) {
        return new SweepPoint(
                student,
                student + "-t" + t + "-a" + alpha + "-s" + seed,
                t,
                alpha,
                seed,
                validation,
                test,
                null,
                1000L,
                validation != null);
    }

    @Test
    void choosesOnMeanValidationAccuracyNeverOnTest() {
        List<SweepPoint> points =
                List.of(
                        point("mlp", 2, 0.5, 1, 0.80, 0.99), // best on test, worse on validation
                        point("mlp", 2, 0.5, 2, 0.80, 0.99),
                        point("mlp", 4, 0.9, 1, 0.85, 0.70),
                        point("mlp", 4, 0.9, 2, 0.83, 0.70));

        SweepCell chosen = SweepChoice.selected(points).get("mlp");

        assertThat(chosen.temperature()).isEqualTo(4);
        assertThat(chosen.alpha()).isEqualTo(0.9);
        assertThat(chosen.validation().orElseThrow().mean()).isEqualTo(0.84, within());
        assertThat(chosen.validation().orElseThrow().count()).isEqualTo(2);
    }

    @Test
    void oneLuckySeedDoesNotWin() {
        List<SweepPoint> points =
                List.of(
                        point("cnn", 2, 0.5, 1, 0.90, 0.9),
                        point("cnn", 2, 0.5, 2, 0.70, 0.9),
                        point("cnn", 4, 0.5, 1, 0.85, 0.9),
                        point("cnn", 4, 0.5, 2, 0.84, 0.9));

        assertThat(SweepChoice.selected(points).get("cnn").temperature()).isEqualTo(4);
    }

    @Test
    void tiesGoToTheLowerTemperatureThenTheLowerAlphaWhateverTheOrder() {
        List<SweepPoint> points =
                List.of(
                        point("s", 4, 0.5, 1, 0.8, 0.8),
                        point("s", 2, 0.9, 1, 0.8, 0.8),
                        point("s", 2, 0.5, 1, 0.8, 0.8));

        SweepCell chosen = SweepChoice.selected(points).get("s");

        assertThat(chosen.temperature()).isEqualTo(2);
        assertThat(chosen.alpha()).isEqualTo(0.5);
    }

    @Test
    void noChoiceFromPartOfAGrid() {
        List<SweepPoint> points =
                List.of(point("s", 2, 0.5, 1, 0.8, 0.8), point("s", 4, 0.5, 1, null, 0.8));

        assertThat(SweepChoice.selected(points)).doesNotContainKey("s");
    }

    @Test
    void spreadIsTheSampleStandardDeviationAndAbsentForOneValue() {
        Spread three = Spread.of(List.of(0.80, 0.82, 0.84)).orElseThrow();
        assertThat(three.mean()).isCloseTo(0.82, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(three.std()).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(three.count()).isEqualTo(3);
        assertThat(Spread.of(List.of(0.8)).orElseThrow().std()).isNull();
        assertThat(Spread.of(List.of())).isEmpty();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
