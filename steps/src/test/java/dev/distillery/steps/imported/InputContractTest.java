package dev.distillery.steps.imported;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.distillery.steps.data.ImageShape;
import dev.distillery.steps.data.ViewBatch;
import org.junit.jupiter.api.Test;

class InputContractTest {

    private static InputContract contract(
            int channels, int size, String layout, double[] mean, double[] std) {
        return new InputContract(channels, size, size, layout, mean, std);
    }

    @Test
    void bilinearUpscaleUsesHalfPixelCentresAsTorchInterpolate() {
        // torch.nn.functional.interpolate(tensor([[[[0., 1.], [1., 0.]]]]), size=(4, 4),
        // mode="bilinear", align_corners=False)[0, 0, 0] == [0, 0.25, 0.75, 1]
        ViewBatch grey =
                new ViewBatch(
                        new int[] {0},
                        0,
                        new byte[] {0, (byte) 255, (byte) 255, 0},
                        new ImageShape(1, 2, 2));
        float[] out = contract(1, 4, "NCHW", new double[] {0}, new double[] {1}).apply(grey);
        assertThat(out).hasSize(16);
        assertThat(new float[] {out[0], out[1], out[2], out[3]})
                .containsExactly(new float[] {0f, 0.25f, 0.75f, 1f}, within(1e-6f));
        // Second row: source row 0.25 between the two rows.
        assertThat(out[5]).isCloseTo(0.25f * 0.75f + 0.75f * 0.25f, within(1e-6f));
    }

    @Test
    void greyIsRepeatedIntoEachChannelNormalizedPerChannelInEitherLayout() {
        ViewBatch grey =
                new ViewBatch(new int[] {0, 1}, 0, new byte[] {51, 102}, new ImageShape(1, 1, 1));
        double[] mean = {0.1, 0.2, 0.3};
        double[] std = {0.5, 0.25, 2};
        float[] nchw = contract(3, 1, "NCHW", mean, std).apply(grey);
        // Sample 0: pixel 0.2 -> (0.2 - m) / s per channel; sample 1: pixel 0.4.
        float[] expected = {0.2f, 0f, -0.05f, 0.6f, 0.8f, 0.05f};
        assertThat(nchw).containsExactly(expected, within(1e-6f));
        // 1x1 images: NHWC holds the same values in the same order; a 2x1 image tells them apart.
        ViewBatch tall =
                new ViewBatch(new int[] {0}, 0, new byte[] {51, 102}, new ImageShape(1, 2, 1));
        InputContract channelsLast = new InputContract(3, 2, 1, "NHWC", mean, std);
        assertThat(channelsLast.batchShape(1)).containsExactly(1, 2, 1, 3);
        assertThat(channelsLast.apply(tall)).containsExactly(expected, within(1e-6f));
        InputContract channelsFirst = new InputContract(3, 2, 1, "NCHW", mean, std);
        assertThat(channelsFirst.apply(tall))
                .containsExactly(new float[] {0.2f, 0.6f, 0f, 0.8f, -0.05f, 0.05f}, within(1e-6f));
    }

    @Test
    void rgbBecomesGreyByLuma() {
        ViewBatch rgb =
                new ViewBatch(
                        new int[] {0}, 0, new byte[] {(byte) 255, 0, 0}, new ImageShape(3, 1, 1));
        float[] out = contract(1, 1, "NCHW", new double[] {0}, new double[] {1}).apply(rgb);
        assertThat(out[0]).isCloseTo(0.299f, within(1e-6f));
    }

    @Test
    void onlyGreyAndRgbConvert() {
        InputContract rgb = contract(3, 8, "NCHW", new double[] {0}, new double[] {1});
        assertThat(rgb.accepts(new ImageShape(1, 28, 28))).isTrue();
        assertThat(rgb.accepts(new ImageShape(3, 28, 28))).isTrue();
        assertThat(rgb.accepts(new ImageShape(4, 28, 28))).isFalse();
        InputContract grey = contract(1, 8, "NCHW", new double[] {0}, new double[] {1});
        assertThat(grey.accepts(new ImageShape(3, 28, 28))).isTrue();
        assertThat(grey.accepts(new ImageShape(2, 28, 28))).isFalse();
    }

    @Test
    void eachProblemIsNamed() {
        InputContract bad =
                new InputContract(2, 0, 8, "CHW", new double[] {0, 0, 0}, new double[] {0});
        assertThat(bad.problems())
                .containsExactly(
                        "input.channels must be 1 or 3, got 2",
                        "input.height and input.width must be in 1..4096, got 2x0x8",
                        "input.layout must be NCHW or NHWC, got CHW",
                        "input.mean needs 1 or 2 values, got [0.0, 0.0, 0.0]",
                        "input.std must be > 0, got [0.0]");
    }
}
