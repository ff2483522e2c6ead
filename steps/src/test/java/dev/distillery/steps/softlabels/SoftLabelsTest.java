package dev.distillery.steps.softlabels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.distillery.contract.DistilleryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoftLabelsTest {
    @TempDir Path dir;

    @Test
    void shardsReadAsOneSetInFp32AndFp16() throws IOException {
        for (String precision : List.of("fp32", "fp16")) {
            Path first = shard(dir.resolve(precision + "-0"), 0, 0, 3, precision);
            Path second = shard(dir.resolve(precision + "-1"), 1, 3, 5, precision);
            SoftLabels labels = SoftLabels.read("test://" + precision, List.of(second, first));
            assertThat(labels.samples()).isEqualTo(5);
            float[] rows = labels.logits(new int[] {4, 0}, 0, 2, 0);
            assertThat(rows[0]).isCloseTo(value(4, 0), within(0.01f));
            assertThat(rows[1]).isCloseTo(value(4, 1), within(0.01f));
            assertThat(rows[2]).isCloseTo(value(0, 0), within(0.01f));
        }
        long fp32 = Files.size(dir.resolve("fp32-0").resolve(SoftLabelHeader.LOGITS));
        long fp16 = Files.size(dir.resolve("fp16-0").resolve(SoftLabelHeader.LOGITS));
        assertThat(fp16 * 2).isEqualTo(fp32);
    }

    @Test
    void missingShardIsBadInput() throws IOException {
        Path first = shard(dir.resolve("0"), 0, 0, 3, "fp32");
        assertThatThrownBy(() -> SoftLabels.read("s3://b/soft", List.of(first)))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("s3://b/soft have 1 complete shard(s) of the 2");
    }

    @Test
    void sampleOrClassMismatchNamesBothCounts() throws IOException {
        SoftLabels labels =
                SoftLabels.read(
                        "file:///soft",
                        List.of(
                                shard(dir.resolve("0"), 0, 0, 3, "fp32"),
                                shard(dir.resolve("1"), 1, 3, 5, "fp32")));
        assertThatThrownBy(() -> labels.checkMatches("file:///soft", 6000, 2, "/data"))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("hold 5 samples of 2 classes")
                .hasMessageContaining("/data has 6000 samples of 2 classes");
        assertThatThrownBy(() -> labels.checkMatches("file:///soft", 5, 10, "/data"))
                .hasMessageContaining("5 samples of 10 classes");
    }

    @Test
    void halfPrecisionRoundTripsTypicalLogits() {
        for (float value : new float[] {0f, 1f, -2.5f, 13.37f, -60.1f, 1e-3f, 65504f}) {
            float back = HalfPrecision.toFloat(HalfPrecision.fromFloat(value));
            assertThat(back).isCloseTo(value, within(Math.abs(value) * 1e-3f + 1e-6f));
        }
        assertThat(HalfPrecision.toFloat(HalfPrecision.fromFloat(1e6f))).isInfinite();
    }

    @Test
    void halfPrecisionRoundsToTheNearestTiesToEvenAsNumpyDoes() {
        // Exactly halfway between two halves: the one with the even last bit wins.
        assertThat(HalfPrecision.toFloat(HalfPrecision.fromFloat(1 + 0x1p-11f))).isEqualTo(1f);
        assertThat(HalfPrecision.toFloat(HalfPrecision.fromFloat(1 + 3 * 0x1p-11f)))
                .isEqualTo(1 + 0x1p-9f);
        assertThat(HalfPrecision.toFloat(HalfPrecision.fromFloat(0x1p-25f))).isEqualTo(0f);
        assertThat(HalfPrecision.toFloat(HalfPrecision.fromFloat(3 * 0x1p-25f)))
                .isEqualTo(0x1p-23f);
        assertThat(HalfPrecision.toFloat(HalfPrecision.fromFloat(-2049f))).isEqualTo(-2048f);
        assertThat(HalfPrecision.toFloat(HalfPrecision.fromFloat(65519f))).isEqualTo(65504f);
        assertThat(HalfPrecision.toFloat(HalfPrecision.fromFloat(65520f))).isInfinite();
        // Every half's neighbourhood: the half itself, the midpoints and just beside them.
        for (int bits = 0; bits < 0x7bff; bits++) {
            float value = HalfPrecision.toFloat((short) bits);
            float next = HalfPrecision.toFloat((short) (bits + 1));
            float middle = (value + next) / 2;
            short even = (short) ((bits & 1) == 0 ? bits : bits + 1);
            assertThat(HalfPrecision.fromFloat(value)).isEqualTo((short) bits);
            assertThat(HalfPrecision.fromFloat(middle)).as("tie above %d", bits).isEqualTo(even);
            assertThat(HalfPrecision.fromFloat(Math.nextDown(middle))).isEqualTo((short) bits);
            assertThat(HalfPrecision.fromFloat(Math.nextUp(middle))).isEqualTo((short) (bits + 1));
            assertThat(HalfPrecision.fromFloat(-middle)).isEqualTo((short) (even | 0x8000));
        }
    }

    @Test
    void logitsBeyondHalfPrecisionAreBadInputNamingSampleAndClass() throws IOException {
        SoftLabelHeader header =
                new SoftLabelHeader(
                        3, 2, 1, 3, 0, 1, "fp16", 1, null, 0, false, "single", List.of("t"));
        float[] logits = {1f, 2f, 3f, -70000f};
        assertThatThrownBy(
                        () ->
                                SoftLabelWriter.write(
                                        dir.resolve("big"), header, new float[][] {logits}))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("-70000")
                .hasMessageContaining("sample 2, class 1")
                .hasMessageContaining("65504")
                .hasMessageContaining("--precision fp32");
        assertThat(dir.resolve("big").resolve(SoftLabelHeader.FILE)).doesNotExist();
    }

    @Test
    void ensembleIsLogOfMeanProbabilities() {
        float[][][] members = {{{0f, 0f}}, {{(float) Math.log(3), 0f}}};
        float[] combined = TeacherEnsemble.logMeanSoftmax(members, 0, 1);
        // member probabilities (0.5, 0.5) and (0.75, 0.25): mean (0.625, 0.375)
        assertThat(Math.exp(combined[0])).isCloseTo(0.625, within(1e-6));
        assertThat(Math.exp(combined[1])).isCloseTo(0.375, within(1e-6));
    }

    private static Path shard(Path folder, int shard, int start, int end, String precision)
            throws IOException {
        int classes = 2;
        float[] logits = new float[(end - start) * classes];
        for (int s = start; s < end; s++) {
            for (int c = 0; c < classes; c++) {
                logits[(s - start) * classes + c] = value(s, c);
            }
        }
        SoftLabelHeader header =
                new SoftLabelHeader(
                        5,
                        classes,
                        start,
                        end,
                        shard,
                        2,
                        precision,
                        1,
                        null,
                        0,
                        false,
                        "single",
                        List.of("t"));
        SoftLabelWriter.write(folder, header, new float[][] {logits});
        return folder;
    }

    private static float value(int sample, int cls) {
        return sample * 1.5f - cls * 0.25f;
    }
}
