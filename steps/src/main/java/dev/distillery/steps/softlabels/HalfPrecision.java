package dev.distillery.steps.softlabels;

/** Conversions between 32-bit floats and IEEE 754 half-precision bits, for fp16 soft labels. */
final class HalfPrecision {

    private HalfPrecision() {}

    /** The half-precision bits nearest to {@code value} (overflow saturates to infinity). */
    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7fffffff;
        if (magnitude >= 0x7f800000) {
            return (short) (sign | 0x7c00 | (magnitude > 0x7f800000 ? 0x200 : 0));
        }
        int rounded = magnitude + 0x1000;
        if (rounded >= 0x47800000) {
            return (short) (sign | 0x7c00);
        }
        if (rounded >= 0x38800000) {
            return (short) (sign | ((rounded - 0x38000000) >>> 13));
        }
        if (magnitude < 0x33000000) {
            return (short) sign;
        }
        int exponent = magnitude >>> 23;
        int mantissa = (magnitude & 0x7fffff) | 0x800000;
        return (short) (sign | ((mantissa + (0x800000 >>> (exponent - 102))) >>> (126 - exponent)));
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
