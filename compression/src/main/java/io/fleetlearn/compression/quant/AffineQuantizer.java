package io.fleetlearn.compression.quant;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Uniform affine quantization to {@code bits} = 8, 4 or 2 bit codes, with one scale per group (per
 * tensor, or per output channel when {@link #perChannel()}).
 *
 * <ul>
 *   <li>Asymmetric: the group's {@code [min, max]} is cut into {@code 2^b - 1} steps of {@code
 *       scale = (max - min) / (2^b - 1)}; a value is {@code min + q * scale}, {@code q in [0, 2^b -
 *       1]}. Stores f32 min and f32 scale per group.
 *   <li>Symmetric: {@code scale = maxabs / (2^(b-1) - 1)}, a value is {@code q * scale} with {@code
 *       q in [-(2^(b-1) - 1), 2^(b-1) - 1]}, so zero is exact. Stores f32 scale per group; codes
 *       are stored as {@code q + 2^(b-1)}, and the unused stored code 0 is rejected on decode.
 * </ul>
 *
 * <p>Payload: the group parameters in group order, then the codes of the whole run packed back to
 * back at {@code b} bits ({@link io.fleetlearn.compression.coding.BitPacking} layout, a group may
 * start mid-byte, padding bits zero). Scales are rounded up to a float so the grid always covers
 * the group.
 *
 * <p>Worst case per value ({@link #worstCaseError(float[], int, int)}): deterministic rounding to
 * nearest errs by at most {@code scale / 2}; unbiased stochastic rounding ({@code E[decoded] = x})
 * by less than {@code scale}; both plus float rounding of at most {@code 2^-20 * maxabs(group)}
 * (and one subnormal step). A zero-length group stores zero parameters; a constant group is exact
 * (asymmetric) or within float rounding (symmetric).
 *
 * <p>Inputs must be finite: {@link #encode} throws {@link IllegalArgumentException} naming the
 * index of the first NaN or infinity. Decoding rejects a non-finite or negative scale and a
 * non-finite min; finite parameters always decode to finite values (saturating at {@code
 * ±Float.MAX_VALUE}).
 *
 * @param bits code width: 8, 4 or 2
 * @param symmetric zero-centred grid without a stored min
 * @param perChannel one group per output channel rather than one for the whole run
 * @param stochastic unbiased stochastic rounding (needs an rng at encode time)
 */
public record AffineQuantizer(int bits, boolean symmetric, boolean perChannel, boolean stochastic)
    implements ValueCodec {
  public static final int TAG = 3;

  private static final int FLAG_SYMMETRIC = 1;
  private static final int FLAG_PER_CHANNEL = 2;
  private static final int FLAG_STOCHASTIC = 4;

  private static final Pattern TOKEN = Pattern.compile("Int(\\d+)(?:\\((.*)\\))?");
  private static final String[] OPTIONS = {"sym", "channel", "stochastic"};

  /** Scales below this (or ranges beyond a float) take the exact double path: 1/scale overflows. */
  private static final float MIN_FAST_SCALE = 0x1p-100f;

  /** Decoded values beyond this magnitude may need saturation; see {@link #reconstruct}. */
  private static final double SAFE_MAGNITUDE = Float.MAX_VALUE * 0.5;

  public AffineQuantizer {
    if (bits != 8 && bits != 4 && bits != 2) {
      throw new IllegalArgumentException("quantizer bits (" + bits + ") must be 8, 4 or 2");
    }
  }

  /** A quantizer; see the class comment for the options. */
  public static AffineQuantizer of(
      int bits, boolean symmetric, boolean perChannel, boolean stochastic) {
    return new AffineQuantizer(bits, symmetric, perChannel, stochastic);
  }

  /** Reads the parameters after the tag byte: u8 bits, u8 flags. */
  public static AffineQuantizer fromDescriptor(ByteReader in) {
    int bits = in.u8("AffineQuantizer bits");
    if (bits != 8 && bits != 4 && bits != 2) {
      throw new CodecException("AffineQuantizer bits (" + bits + ") must be 8, 4 or 2");
    }
    int flags = in.u8("AffineQuantizer flags");
    if ((flags & ~7) != 0) {
      throw new CodecException(
          "AffineQuantizer flags (0x"
              + QuantSupport.hex(flags)
              + ") has unknown bits set; only 0x01 sym, 0x02 channel, 0x04 stochastic exist");
    }
    return new AffineQuantizer(
        bits,
        (flags & FLAG_SYMMETRIC) != 0,
        (flags & FLAG_PER_CHANNEL) != 0,
        (flags & FLAG_STOCHASTIC) != 0);
  }

  /**
   * Parses the token {@link #toString()} writes: {@code Int8}, {@code Int4} or {@code Int2},
   * optionally followed by options in parentheses, comma-space separated, in the order {@code sym,
   * channel, stochastic}: {@code "Int4(sym, stochastic)"}.
   */
  public static AffineQuantizer parse(String token) {
    Matcher m = TOKEN.matcher(token);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + token
              + "' is not a quantizer token like Int8, Int4(channel) or Int2(sym, stochastic)");
    }
    int bits;
    try {
      bits = Integer.parseInt(m.group(1));
    } catch (NumberFormatException e) {
      bits = -1;
    }
    if (bits != 8 && bits != 4 && bits != 2 || !m.group(1).equals(Integer.toString(bits))) {
      throw new IllegalArgumentException(
          "'" + token + "': quantizer width must be Int8, Int4 or Int2, not Int" + m.group(1));
    }
    boolean[] set = new boolean[OPTIONS.length];
    if (m.group(2) != null) {
      String[] parts = m.group(2).split(", ", -1);
      int next = 0;
      for (String part : parts) {
        int k = indexOf(part);
        if (k < 0) {
          throw new IllegalArgumentException(
              "'"
                  + token
                  + "': unknown option '"
                  + part
                  + "'; options are sym, channel, stochastic, separated by ', '");
        }
        if (k < next) {
          throw new IllegalArgumentException(
              "'"
                  + token
                  + "': options must appear once each, in the order sym, channel, stochastic");
        }
        set[k] = true;
        next = k + 1;
      }
    }
    AffineQuantizer q = new AffineQuantizer(bits, set[0], set[1], set[2]);
    if (!q.toString().equals(token)) {
      throw new IllegalArgumentException("'" + token + "' should be written " + q);
    }
    return q;
  }

  private static int indexOf(String option) {
    for (int k = 0; k < OPTIONS.length; k++) {
      if (OPTIONS[k].equals(option)) {
        return k;
      }
    }
    return -1;
  }

  /** {@code Int8}, {@code Int8(channel)}, {@code Int4(sym, stochastic)}, ... */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Int").append(bits);
    boolean[] set = {symmetric, perChannel, stochastic};
    String sep = "(";
    for (int k = 0; k < OPTIONS.length; k++) {
      if (set[k]) {
        sb.append(sep).append(OPTIONS[k]);
        sep = ", ";
      }
    }
    return sep.equals("(") ? sb.toString() : sb.append(')').toString();
  }

  private int flags() {
    return (symmetric ? FLAG_SYMMETRIC : 0)
        | (perChannel ? FLAG_PER_CHANNEL : 0)
        | (stochastic ? FLAG_STOCHASTIC : 0);
  }

  @Override
  public void writeDescriptor(ByteWriter out) {
    out.u8(TAG).u8(bits).u8(flags());
  }

  private int paramBytes() {
    return symmetric ? 4 : 8;
  }

  /** Largest stored code. */
  private int maxCode() {
    return (1 << bits) - 1;
  }

  /** Symmetric: the stored code of q = 0. */
  private int zeroCode() {
    return 1 << (bits - 1);
  }

  @Override
  public long payloadBytes(int len, int groups) {
    QuantSupport.checkPayloadArgs(len, groups);
    return (long) groups * paramBytes() + (((long) len * bits + 7) >>> 3);
  }

  /**
   * The scale this quantizer uses for the group {@code values[from, to)}: the step of the grid,
   * rounded up to a float so that the grid covers the group.
   */
  public float scale(float[] values, int from, int to) {
    Objects.checkFromToIndex(from, to, values.length);
    if (from == to) {
      return 0f;
    }
    float[] minMax = new float[2];
    if (!minMax(values, from, to, minMax)) {
      throw QuantSupport.nonFinite(this, values, 0, from, to);
    }
    return symmetric
        ? stepOver(Math.max(-minMax[0], minMax[1]), zeroCode() - 1)
        : stepOver((double) minMax[1] - minMax[0], maxCode());
  }

  /**
   * The worst-case {@code |x - decoded|} for every value of the group {@code values[from, to)}:
   * {@code scale/2} (deterministic) or {@code scale} (stochastic), plus {@code 2^-20 * maxabs} and
   * one subnormal step for float rounding.
   */
  public double worstCaseError(float[] values, int from, int to) {
    if (from == to) {
      return 0;
    }
    float scale = scale(values, from, to);
    float maxAbs = 0;
    for (int i = from; i < to; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(values[i]));
    }
    return (stochastic ? scale : scale * 0.5) + maxAbs * 0x1p-20 + Float.MIN_VALUE;
  }

  /** The smallest float {@code s} with {@code s * steps >= range}. */
  private static float stepOver(double range, int steps) {
    float s = (float) (range / steps);
    if ((double) s * steps < range) {
      s = Math.nextUp(s);
    }
    return s;
  }

  /**
   * Min and max of {@code values[from, to)} into {@code out}; false if some value is not finite.
   * Math.min/max propagate NaN, so one check after the loop catches NaN and infinities.
   */
  private static boolean minMax(float[] values, int from, int to, float[] out) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      float v = values[i];
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    out[0] = min;
    out[1] = max;
    return from == to || (Float.isFinite(min) && Float.isFinite(max));
  }

  @Override
  public void encode(
      float[] src, int off, int len, int[] bounds, RandomGenerator rng, ByteWriter out) {
    Objects.checkFromIndexSize(off, len, src.length);
    int groups = QuantSupport.encodeGroups(bounds, len);
    if (stochastic && rng == null) {
      throw new IllegalArgumentException(this + " rounds stochastically and needs an rng");
    }
    int at = out.reserve(QuantSupport.checkedSize(payloadBytes(len, groups), this));
    byte[] buf = out.array();
    int codesAt = at + groups * paramBytes();
    // 8-bit codes go straight to the payload; narrower ones via one byte per code, then packed.
    byte[] codes = bits == 8 ? buf : new byte[len];
    int codeBase = bits == 8 ? codesAt : 0;
    float[] minMax = new float[2];
    int p = at;
    for (int g = 0; g < groups; g++) {
      int from = off + bounds[g];
      int to = off + bounds[g + 1];
      if (!minMax(src, from, to, minMax)) {
        throw QuantSupport.nonFinite(this, src, off, from, to);
      }
      int c = codeBase + bounds[g];
      if (from == to) {
        QuantSupport.putF32(buf, p, 0f);
        if (!symmetric) {
          QuantSupport.putF32(buf, p + 4, 0f);
        }
      } else if (symmetric) {
        float scale = stepOver(Math.max(-minMax[0], minMax[1]), zeroCode() - 1);
        QuantSupport.putF32(buf, p, scale);
        quantize(src, from, to, -zeroCode() * scale, scale, rng, codes, c);
      } else {
        float min = minMax[0];
        float scale = stepOver((double) minMax[1] - min, maxCode());
        QuantSupport.putF32(buf, p, min);
        QuantSupport.putF32(buf, p + 4, scale);
        quantize(src, from, to, min, scale, rng, codes, c);
      }
      p += paramBytes();
    }
    if (bits == 4) {
      QuantSupport.pack4(codes, len, buf, codesAt);
    } else if (bits == 2) {
      QuantSupport.pack2(codes, len, buf, codesAt);
    }
  }

  /**
   * Codes of {@code src[from, to)} on the grid {@code origin + code * scale} into {@code
   * codes[c..]}. Symmetric codes use {@code origin = -2^(b-1) * scale}, so the same loop serves
   * both; they are then clamped to exclude stored code 0.
   */
  private void quantize(
      float[] src,
      int from,
      int to,
      float origin,
      float scale,
      RandomGenerator rng,
      byte[] codes,
      int c) {
    int lo = symmetric ? 1 : 0;
    int hi = maxCode();
    if (scale == 0) {
      byte only = (byte) (symmetric ? zeroCode() : 0);
      for (int i = from; i < to; i++) {
        codes[c + i - from] = only;
      }
      return;
    }
    boolean fast =
        scale >= MIN_FAST_SCALE
            && (symmetric || (double) scale * hi <= Float.MAX_VALUE)
            && Float.isFinite(origin);
    if (!fast) {
      quantizeExact(src, from, to, scale, rng, codes, c, lo, hi);
      return;
    }
    float inv = 1f / scale;
    if (symmetric) {
      // x * inv lies in [-L, L]; shifting by 2^(b-1) + 0.5 makes it positive, so the int cast
      // (truncation) is round-half-up, and it is the stored code directly.
      float shift = zeroCode() + (stochastic ? 0f : 0.5f);
      for (int i = from; i < to; i++) {
        float v = src[i] * inv + shift;
        int q = (int) v;
        if (stochastic && rng.nextFloat() < v - q) {
          q++;
        }
        codes[c + i - from] = (byte) Math.max(lo, Math.min(hi, q));
      }
    } else if (stochastic) {
      for (int i = from; i < to; i++) {
        float v = (src[i] - origin) * inv;
        int q = (int) v;
        // Round up with probability frac(v): E[q] = v, the unbiased choice.
        if (rng.nextFloat() < v - q) {
          q++;
        }
        codes[c + i - from] = (byte) Math.min(hi, q);
      }
    } else {
      for (int i = from; i < to; i++) {
        int q = (int) ((src[i] - origin) * inv + 0.5f);
        codes[c + i - from] = (byte) Math.min(hi, q);
      }
    }
  }

  /** Double-precision quantization for subnormal scales and ranges wider than a float. */
  private void quantizeExact(
      float[] src,
      int from,
      int to,
      float scale,
      RandomGenerator rng,
      byte[] codes,
      int c,
      int lo,
      int hi) {
    double inv = 1.0 / scale;
    double origin = symmetric ? -zeroCode() * (double) scale : minOf(src, from, to);
    for (int i = from; i < to; i++) {
      double v = (src[i] - origin) * inv;
      double q = stochastic ? Math.floor(v + rng.nextDouble()) : Math.floor(v + 0.5);
      codes[c + i - from] = (byte) Math.max(lo, Math.min(hi, q));
    }
  }

  private static float minOf(float[] src, int from, int to) {
    float min = Float.POSITIVE_INFINITY;
    for (int i = from; i < to; i++) {
      min = Math.min(min, src[i]);
    }
    return min;
  }

  @Override
  public void decode(ByteReader in, float[] dst, int off, int len, int[] bounds) {
    int groups = QuantSupport.decodeGroups(bounds, len, this);
    Objects.checkFromIndexSize(off, len, dst.length);
    long size = payloadBytes(len, groups);
    in.require(size, this + " payload");
    int at = in.skip((int) size, this + " payload");
    byte[] buf = in.array();
    int codesAt = at + groups * paramBytes();
    QuantSupport.checkPadding(buf, codesAt, len, bits, this);
    if (symmetric) {
      int bad = QuantSupport.findCode(buf, codesAt, len, bits, 0);
      if (bad >= 0) {
        throw new CodecException(
            this
                + " code at index "
                + bad
                + " is 0, outside the symmetric range [1, "
                + maxCode()
                + "]");
      }
    }
    float[] table = new float[bits == 8 ? 0 : 1 << bits];
    int p = at;
    for (int g = 0; g < groups; g++) {
      float min;
      float scale;
      if (symmetric) {
        scale = QuantSupport.f32(buf, p);
        min = 0;
      } else {
        min = QuantSupport.f32(buf, p);
        scale = QuantSupport.f32(buf, p + 4);
        if (!Float.isFinite(min)) {
          throw new CodecException(this + " group " + g + " min (" + min + ") must be finite");
        }
      }
      if (!(scale >= 0) || scale == Float.POSITIVE_INFINITY) {
        throw new CodecException(
            this + " group " + g + " scale (" + scale + ") must be finite and >= 0");
      }
      p += paramBytes();
      int a = bounds[g];
      int e = bounds[g + 1];
      double origin = symmetric ? -zeroCode() * (double) scale : min;
      if (bits == 8) {
        // No table: building 256 entries per group would cost as much as decoding small groups.
        decode8(buf, codesAt, a, e, origin, scale, dst, off);
      } else {
        for (int q = 0; q < table.length; q++) {
          table[q] = reconstruct(origin, scale, q);
        }
        if (bits == 4) {
          QuantSupport.decode4(buf, codesAt, a, e, table, dst, off);
        } else {
          QuantSupport.decode2(buf, codesAt, a, e, table, dst, off);
        }
      }
    }
  }

  /** Whether {@code origin + q * scale} stays well inside the float range for every code. */
  private boolean isSafe(double origin, float scale) {
    return Math.abs(origin) + (double) scale * maxCode() <= SAFE_MAGNITUDE;
  }

  /** 8-bit codes {@code [a, e)} straight from the payload. */
  private void decode8(
      byte[] buf, int codesAt, int a, int e, double origin, float scale, float[] dst, int off) {
    if (isSafe(origin, scale)) {
      // Float arithmetic cannot overflow here; two roundings stay within the documented bound.
      float o = (float) origin;
      int d = off - codesAt;
      for (int i = codesAt + a; i < codesAt + e; i++) {
        dst[d + i] = o + (buf[i] & 0xFF) * scale;
      }
    } else {
      for (int i = a; i < e; i++) {
        dst[off + i] = reconstruct(origin, scale, buf[codesAt + i] & 0xFF);
      }
    }
  }

  /** {@code origin + q * scale}, computed exactly in double, saturated to the float range. */
  private static float reconstruct(double origin, float scale, int q) {
    double v = origin + q * (double) scale;
    return (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, v));
  }
}
