package dev.distillery.steps.imported;

import dev.distillery.steps.data.ImageShape;
import dev.distillery.steps.data.ViewBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The input an imported teacher takes, and how a sample of the data becomes that input, sample by
 * sample: pixels scaled to 0..1, channels converted (grey repeated into RGB, RGB to grey with ITU-R
 * 601 luma weights, as torchvision's {@code Grayscale}), resized bilinearly to the declared size
 * (half-pixel centres, no antialiasing: {@code torch.nn.functional.interpolate(mode= "bilinear",
 * align_corners=False)}), normalized per channel, and laid out as declared. So the student and the
 * teacher see the same view of a sample, each at its own size.
 *
 * @param channels the teacher's channels (1 grey, 3 RGB)
 * @param height the teacher's input height
 * @param width the teacher's input width
 * @param layout {@code NCHW} (channels first, PyTorch's) or {@code NHWC} (channels last)
 * @param mean per channel (or one for all), in pixel/255 units, as torchvision's {@code Normalize}
 * @param std per channel (or one for all), in pixel/255 units
 */
public record InputContract(
        int channels, int height, int width, String layout, double[] mean, double[] std) {

    private static final float[] LUMA = {0.299f, 0.587f, 0.114f};

    /** What is wrong with this contract, empty if nothing. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (channels != 1 && channels != 3) {
            problems.add("input.channels must be 1 or 3, got " + channels);
        }
        if (height < 1 || width < 1 || height > 4096 || width > 4096) {
            problems.add("input.height and input.width must be in 1..4096, got " + size());
        }
        if (layout == null || !List.of("NCHW", "NHWC").contains(layout.toUpperCase(Locale.ROOT))) {
            problems.add("input.layout must be NCHW or NHWC, got " + layout);
        }
        for (String name : List.of("mean", "std")) {
            double[] values = name.equals("mean") ? mean : std;
            if (values == null || (values.length != 1 && values.length != channels)) {
                problems.add(
                        "input."
                                + name
                                + " needs 1 or "
                                + channels
                                + " values, got "
                                + (values == null ? "none" : Arrays.toString(values)));
            }
        }
        if (std != null && Arrays.stream(std).anyMatch(s -> !(s > 0))) {
            problems.add("input.std must be > 0, got " + Arrays.toString(std));
        }
        return problems;
    }

    /** {@code CxHxW}, for messages. */
    public String size() {
        return channels + "x" + height + "x" + width;
    }

    /** Whether the channels come last. */
    public boolean channelsLast() {
        return layout.equalsIgnoreCase("NHWC");
    }

    /** The shape of a batch of {@code rows} inputs, in the declared layout. */
    public long[] batchShape(int rows) {
        return channelsLast()
                ? new long[] {rows, height, width, channels}
                : new long[] {rows, channels, height, width};
    }

    /**
     * Whether images of {@code shape} can be turned into this input: the same channels, grey into
     * any, or RGB into grey.
     */
    public boolean accepts(ImageShape shape) {
        int from = shape.channels();
        return from == channels || from == 1 || (from == 3 && channels == 1);
    }

    /** The teacher's input for every sample of {@code batch}, in the declared layout. */
    public float[] apply(ViewBatch batch) {
        ImageShape from = batch.shape();
        int plane = height * width;
        int inPlane = from.height() * from.width();
        Resize rows = new Resize(from.height(), height);
        Resize cols = new Resize(from.width(), width);
        float[] out = new float[batch.size() * channels * plane];
        float[] source = new float[inPlane];
        float[] resized = new float[plane];
        byte[] raw = batch.pixels();
        for (int s = 0; s < batch.size(); s++) {
            int sampleOffset = s * from.size();
            for (int c = 0; c < channels; c++) {
                channel(raw, sampleOffset, from, c, source);
                resize(source, from.width(), rows, cols, resized);
                float m = (float) (mean.length == 1 ? mean[0] : mean[c]);
                float sd = (float) (std.length == 1 ? std[0] : std[c]);
                int base = s * channels * plane;
                for (int i = 0; i < plane; i++) {
                    float v = (resized[i] - m) / sd;
                    out[channelsLast() ? base + i * channels + c : base + c * plane + i] = v;
                }
            }
        }
        return out;
    }

    /** Channel {@code c} of the teacher's input, in 0..1, from one sample of the data. */
    private void channel(byte[] raw, int offset, ImageShape from, int c, float[] into) {
        int plane = from.height() * from.width();
        if (from.channels() == channels || from.channels() == 1) {
            int sourceChannel = from.channels() == 1 ? 0 : c;
            int start = offset + sourceChannel * plane;
            for (int i = 0; i < plane; i++) {
                into[i] = (raw[start + i] & 0xff) / 255f;
            }
            return;
        }
        // RGB data, grey teacher: the luma of the three channels.
        for (int i = 0; i < plane; i++) {
            float v = 0;
            for (int k = 0; k < 3; k++) {
                v += LUMA[k] * ((raw[offset + k * plane + i] & 0xff) / 255f);
            }
            into[i] = v;
        }
    }

    private static void resize(float[] in, int inWidth, Resize rows, Resize cols, float[] out) {
        int outWidth = cols.low.length;
        for (int y = 0; y < rows.low.length; y++) {
            int r0 = rows.low[y] * inWidth;
            int r1 = rows.high[y] * inWidth;
            float wy = rows.weight[y];
            for (int x = 0; x < outWidth; x++) {
                float wx = cols.weight[x];
                float top = in[r0 + cols.low[x]] * (1 - wx) + in[r0 + cols.high[x]] * wx;
                float bottom = in[r1 + cols.low[x]] * (1 - wx) + in[r1 + cols.high[x]] * wx;
                out[y * outWidth + x] = top * (1 - wy) + bottom * wy;
            }
        }
    }

    /** Bilinear source positions along one axis, with half-pixel centres. */
    private static final class Resize {
        final int[] low;
        final int[] high;
        final float[] weight;

        Resize(int in, int out) {
            low = new int[out];
            high = new int[out];
            weight = new float[out];
            float scale = (float) in / out;
            for (int i = 0; i < out; i++) {
                float source = Math.max(0f, scale * (i + 0.5f) - 0.5f);
                int l = Math.min((int) source, in - 1);
                low[i] = l;
                high[i] = Math.min(l + 1, in - 1);
                weight[i] = source - l;
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputContract c
                && channels == c.channels
                && height == c.height
                && width == c.width
                && layout.equalsIgnoreCase(c.layout)
                && Arrays.equals(mean, c.mean)
                && Arrays.equals(std, c.std);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[] {channels, height, width}) * 31 + Arrays.hashCode(mean);
    }

    @Override
    public String toString() {
        return size()
                + " "
                + layout
                + " mean "
                + Arrays.toString(mean)
                + " std "
                + Arrays.toString(std);
    }
}
