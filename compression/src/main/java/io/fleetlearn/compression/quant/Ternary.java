package io.fleetlearn.compression.quant;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Ternarization as in Sparse Ternary Compression (Sattler et al., 2019): every value of a group
 * becomes one of {@code {-m, 0, +m}}.
 *
 * <ul>
 *   <li>{@link #SIGNS} (token {@code Ternary}): {@code x -> sign(x) * m} with {@code m} the mean of
 *       {@code |x|} over the group; exact zeros stay zero.
 *   <li>{@link #thresholded(float) thresholded(t)} (token {@code Ternary(0.7)}): values with {@code
 *       |x| < t * maxabs} (the product rounded to float) become 0, the others {@code sign(x) * m}
 *       with {@code m} the mean {@code |x|} of the kept, nonzero ones.
 * </ul>
 *
 * <p>Payload: f32 {@code m} per group, then 2-bit codes for the whole run ({@code 0 -> 0, 1 -> +m,
 * 2 -> -m}; code 3 is rejected on decode), packed back to back, padding bits zero. About 2 bits a
 * value.
 *
 * <p>The scheme is biased (it keeps the mean magnitude, not each value). Worst case per value
 * ({@link #worstCaseError(float, float)}): {@code max(|x|, ||x| - m|)}, exactly, for the stored
 * {@code m}. Inputs must be finite: {@link #encode} throws {@link IllegalArgumentException} naming
 * the index of the first NaN or infinity.
 */
public final class Ternary implements ValueCodec {
  public static final int TAG = 4;

  /** Every nonzero value becomes {@code ±m}, {@code m} the group's mean magnitude. */
  public static final Ternary SIGNS = new Ternary(false, 0f);

  private static final int MODE_SIGNS = 0;
  private static final int MODE_THRESHOLD = 1;
  private static final String NAME = "Ternary";
  private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?(E-?\\d+)?");

  private final boolean thresholded;
  private final float threshold;

  private Ternary(boolean thresholded, float threshold) {
    this.thresholded = thresholded;
    this.threshold = threshold;
  }

  /** Zeroes {@code |x| < t * maxabs} per group; {@code t} in {@code [0, 1]}. */
  public static Ternary thresholded(float t) {
    if (!(t >= 0 && t <= 1)) {
      throw new IllegalArgumentException("ternary threshold (" + t + ") must be in [0, 1]");
    }
    // +0.0f turns -0.0 into 0.0, so the token never carries a sign.
    return new Ternary(true, t + 0.0f);
  }

  /** Whether values below the threshold are zeroed ({@code false} for {@link #SIGNS}). */
  public boolean isThresholded() {
    return thresholded;
  }

  /** The threshold as a fraction of the group's max magnitude; 0 for {@link #SIGNS}. */
  public float threshold() {
    return threshold;
  }

  /** Reads the parameters after the tag byte: u8 mode, and for mode 1 an f32 threshold. */
  public static Ternary fromDescriptor(ByteReader in) {
    int mode = in.u8("Ternary mode");
    if (mode == MODE_SIGNS) {
      return SIGNS;
    }
    if (mode != MODE_THRESHOLD) {
      throw new CodecException("Ternary mode (" + mode + ") must be 0 (signs) or 1 (threshold)");
    }
    float t = in.f32("Ternary threshold");
    if (!(t >= 0 && t <= 1)) {
      throw new CodecException("Ternary threshold (" + t + ") must be in [0, 1]");
    }
    return thresholded(t);
  }

  /** Accepts exactly what {@link #toString()} writes: {@code Ternary} or {@code Ternary(0.7)}. */
  public static Ternary parse(String token) {
    if (NAME.equals(token)) {
      return SIGNS;
    }
    String hint = "; expected Ternary or Ternary(t) with t in [0, 1], e.g. Ternary(0.7)";
    if (!token.startsWith(NAME + "(") || !token.endsWith(")")) {
      throw new IllegalArgumentException("'" + token + "' is not a ternary token" + hint);
    }
    String number = token.substring(NAME.length() + 1, token.length() - 1);
    if (!NUMBER.matcher(number).matches()) {
      throw new IllegalArgumentException(
          "'" + token + "': '" + number + "' is not a number" + hint);
    }
    float t = Float.parseFloat(number);
    if (!(t <= 1)) {
      throw new IllegalArgumentException("'" + token + "': threshold must be in [0, 1]");
    }
    Ternary codec = thresholded(t);
    if (!codec.toString().equals(token)) {
      throw new IllegalArgumentException("'" + token + "' should be written " + codec);
    }
    return codec;
  }

  /** {@code Ternary}, or {@code Ternary(t)} with t as {@link Float#toString} minus a final ".0". */
  @Override
  public String toString() {
    if (!thresholded) {
      return NAME;
    }
    String t = Float.toString(threshold);
    if (t.endsWith(".0")) {
      t = t.substring(0, t.length() - 2);
    }
    return NAME + "(" + t + ")";
  }

  /** The exact worst case {@code |x - decoded|} for value {@code x} in a group with stored m. */
  public static double worstCaseError(float x, float m) {
    double a = Math.abs((double) x);
    return Math.max(a, Math.abs(a - m));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ternary t
        && t.thresholded == thresholded
        && Float.compare(t.threshold, threshold) == 0;
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(thresholded) * 31 + Float.hashCode(threshold);
  }

  @Override
  public void writeDescriptor(ByteWriter out) {
    out.u8(TAG).u8(thresholded ? MODE_THRESHOLD : MODE_SIGNS);
    if (thresholded) {
      out.f32(threshold);
    }
  }

  @Override
  public boolean perChannel() {
    return false;
  }

  @Override
  public long payloadBytes(int len, int groups) {
    QuantSupport.checkPayloadArgs(len, groups);
    return 4L * groups + (((long) len * 2 + 7) >>> 3);
  }

  @Override
  public void encode(
      float[] src, int off, int len, int[] bounds, RandomGenerator rng, ByteWriter out) {
    Objects.checkFromIndexSize(off, len, src.length);
    int groups = QuantSupport.encodeGroups(bounds, len);
    int at = out.reserve(QuantSupport.checkedSize(payloadBytes(len, groups), this));
    byte[] buf = out.array();
    byte[] codes = new byte[len];
    for (int g = 0; g < groups; g++) {
      int from = off + bounds[g];
      int to = off + bounds[g + 1];
      int c = bounds[g] - from;
      float maxAbs = 0;
      for (int i = from; i < to; i++) {
        maxAbs = Math.max(maxAbs, Math.abs(src[i]));
      }
      // Math.max propagates NaN and an infinite magnitude stays infinite: one check suffices.
      if (!Float.isFinite(maxAbs)) {
        throw QuantSupport.nonFinite(this, src, off, from, to);
      }
      float cut = thresholded ? threshold * maxAbs : 0f;
      double sum = 0;
      int kept = 0;
      for (int i = from; i < to; i++) {
        float x = src[i];
        float a = Math.abs(x);
        boolean keep = a >= cut && a != 0;
        // SIGNS averages over the whole group; thresholded over the kept values only.
        sum += thresholded ? (keep ? a : 0f) : a;
        kept += keep ? 1 : 0;
        codes[c + i] = (byte) (keep ? (x > 0 ? 1 : 2) : 0);
      }
      int n = thresholded ? kept : to - from;
      float m = n == 0 ? 0f : (float) (sum / n);
      QuantSupport.putF32(buf, at + 4 * g, m);
    }
    QuantSupport.pack2(codes, len, buf, at + 4 * groups);
  }

  @Override
  public void decode(ByteReader in, float[] dst, int off, int len, int[] bounds) {
    int groups = QuantSupport.decodeGroups(bounds, len, this);
    Objects.checkFromIndexSize(off, len, dst.length);
    long size = payloadBytes(len, groups);
    in.require(size, this + " payload");
    int at = in.skip((int) size, this + " payload");
    byte[] buf = in.array();
    int codesAt = at + 4 * groups;
    QuantSupport.checkPadding(buf, codesAt, len, 2, this);
    int bad = QuantSupport.findCode(buf, codesAt, len, 2, 3);
    if (bad >= 0) {
      throw new CodecException(this + " code at index " + bad + " is 3; codes are 0, 1 and 2");
    }
    float[] table = new float[4];
    for (int g = 0; g < groups; g++) {
      float m = QuantSupport.f32(buf, at + 4 * g);
      if (!(m >= 0) || m == Float.POSITIVE_INFINITY) {
        throw new CodecException(
            this + " group " + g + " magnitude (" + m + ") must be finite and >= 0");
      }
      table[1] = m;
      table[2] = -m;
      QuantSupport.decode2(buf, codesAt, bounds[g], bounds[g + 1], table, dst, off);
    }
  }
}
