package dev.distillery.steps.softlabels;

/** Conversions between 32-bit floats and IEEE 754 half-precision bits, for fp16 soft labels. */
final class HalfPrecision {

    private HalfPrecision() {}

    /** The largest finite half-precision value. */
    static final float MAX = 65504f;

    /**
     * The half-precision bits nearest to {@code value}, ties to the even last bit (IEEE 754's
     * default, as numpy and PyTorch round); values from 65520 on become infinity.
     */
    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7fffffff;
        if (magnitude >= 0x7f800000) {
            return (short) (sign | 0x7c00 | (magnitude > 0x7f800000 ? 0x200 : 0));
        }
        if (magnitude >= 0x477ff000) {
            return (short) (sign | 0x7c00); // 65520 and above round past 65504
        }
        if (magnitude >= 0x38800000) {
            // A normal half: rebias the exponent, round the 13 dropped mantissa bits to even.
            int rebiased = magnitude - 0x38000000;
            int rounded = rebiased + 0x0fff + ((rebiased >>> 13) & 1);
            return (short) (sign | (rounded >>> 13));
        }
        if (magnitude <= 0x33000000) {
            return (short) sign; // up to 2^-25, half of the smallest subnormal: zero (even)
        }
        // A subnormal half, in units of 2^-24: the 24-bit significand shifted right.
        int exponent = magnitude >>> 23;
        int significand = (magnitude & 0x7fffff) | 0x800000;
        int shift = 126 - exponent;
        int result = significand >>> shift;
        int rest = significand & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || (rest == half && (result & 1) == 1)) {
            result++;
        }
        return (short) (sign | result);
    }

    /** The float value of half-precision bits. */
    static float toFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f;
            return sign == 0 ? subnormal : -subnormal;
        }
        if (exponent == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
