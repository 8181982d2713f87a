package io.fleetlearn.compression.quant;

import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * IEEE 754 binary16, little-endian, 2 bytes a value. Rounds to nearest, ties to even; values below
 * 2^-14 become subnormal halves; magnitudes of 65520 and above overflow to infinity (65504 is the
 * largest finite half); infinities, signed zeros and NaN are kept (a quiet NaN keeps the top 10
 * bits of its payload).
 *
 * <p>Worst case ({@link #worstCaseError(float)}): relative error 2^-11 in the normal range,
 * absolute error 2^-25 below 2^-14; unbounded (infinity) from 65520 up.
 */
public final class Fp16 implements ValueCodec {
  public static final int TAG = 2;
  public static final Fp16 INSTANCE = new Fp16();
  private static final String TOKEN = "Fp16";

  private Fp16() {}

  /** Reads the (empty) parameters after the tag byte. */
  public static Fp16 fromDescriptor(ByteReader in) {
    return INSTANCE;
  }

  /** Accepts exactly {@code "Fp16"}. */
  public static Fp16 parse(String token) {
    if (!TOKEN.equals(token)) {
      throw new IllegalArgumentException("'" + token + "' is not the codec token Fp16");
    }
    return INSTANCE;
  }

  /**
   * The largest {@code |x - toFloat(toHalf(x))|}: {@code 2^-25} below {@code 2^-14}, {@code |x| *
   * 2^-11} up to 65520, infinity above (overflow) and NaN for NaN.
   */
  public static double worstCaseError(float x) {
    float a = Math.abs(x);
    if (a < 0x1p-14f) {
      return 0x1p-25;
    }
    if (a < 65520f) {
      return a * 0x1p-11;
    }
    return Float.isNaN(x) ? Double.NaN : Double.POSITIVE_INFINITY;
  }

  /** The binary16 nearest to {@code f} (ties to even), as its bit pattern. */
  public static short toHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int abs = bits & 0x7FFFFFFF;
    if (abs >= 0x477FF000) {
      // 65520 and up (the midpoint above 65504 rounds to the even infinity), Inf and NaN.
      if (abs > 0x7F800000) {
        return (short) (sign | 0x7E00 | ((abs >>> 13) & 0x3FF));
      }
      return (short) (sign | 0x7C00);
    }
    if (abs >= 0x38800000) {
      // Normal half: rebias the exponent (127 - 15 = 112) and round 13 mantissa bits away, ties to
      // even; a carry into the exponent is the correct next binade.
      int e = abs - 0x38000000;
      return (short) (sign | ((e + 0xFFF + ((e >>> 13) & 1)) >>> 13));
    }
    if (abs <= 0x33000000) {
      // At most 2^-25, half the smallest subnormal: rounds to (signed) zero, the tie to even.
      return (short) sign;
    }
    // Subnormal half: the value in units of 2^-24 is mantissa * 2^(exp - 126), shift in [14, 24].
    int mantissa = (abs & 0x7FFFFF) | 0x800000;
    int shift = 126 - (abs >>> 23);
    int q = mantissa >>> shift;
    int rem = mantissa & ((1 << shift) - 1);
    int half = 1 << (shift - 1);
    if (rem > half || (rem == half && (q & 1) != 0)) {
      q++;
    }
    return (short) (sign | q);
  }

  /** The float value of the binary16 bit pattern {@code h} (exact: every half is a float). */
  public static float toFloat(short h) {
    int sign = (h & 0x8000) << 16;
    int em = h & 0x7FFF;
    if (em >= 0x7C00) {
      return Float.intBitsToFloat(sign | 0x7F800000 | ((em & 0x3FF) << 13));
    }
    if (em >= 0x0400) {
      return Float.intBitsToFloat(sign | ((em << 13) + 0x38000000));
    }
    // Subnormal or zero: em * 2^-24 is exact and avoids float subnormal arithmetic.
    float mag = em * 0x1p-24f;
    return sign == 0 ? mag : -mag;
  }

  @Override
  public void writeDescriptor(ByteWriter out) {
    out.u8(TAG);
  }

  @Override
  public boolean perChannel() {
    return false;
  }

  @Override
  public void encode(
      float[] src, int off, int len, int[] bounds, RandomGenerator rng, ByteWriter out) {
    Objects.checkFromIndexSize(off, len, src.length);
    QuantSupport.encodeGroups(bounds, len);
    int at = out.reserve(QuantSupport.checkedSize(payloadBytes(len, 1), this));
    byte[] buf = out.array();
    for (int i = 0; i < len; i++) {
      QuantSupport.I16.set(buf, at + 2 * i, toHalf(src[off + i]));
    }
  }

  @Override
  public void decode(ByteReader in, float[] dst, int off, int len, int[] bounds) {
    QuantSupport.decodeGroups(bounds, len, this);
    Objects.checkFromIndexSize(off, len, dst.length);
    in.require(2L * len, "Fp16 values");
    int at = in.skip(2 * len, "Fp16 values");
    byte[] buf = in.array();
    for (int i = 0; i < len; i++) {
      dst[off + i] = toFloat((short) QuantSupport.I16.get(buf, at + 2 * i));
    }
  }

  @Override
  public long payloadBytes(int len, int groups) {
    QuantSupport.checkPayloadArgs(len, groups);
    return 2L * len;
  }

  @Override
  public String toString() {
    return TOKEN;
  }
}
