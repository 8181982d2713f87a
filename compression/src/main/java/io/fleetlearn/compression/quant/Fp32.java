package io.fleetlearn.compression.quant;

import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Raw IEEE binary32, little-endian: lossless (bit exact, including -0.0, infinities and NaN
 * payloads). Costs 4 bytes a value. The reference every lossy codec is measured against.
 */
public final class Fp32 implements ValueCodec {
  public static final int TAG = 1;
  public static final Fp32 INSTANCE = new Fp32();
  private static final String TOKEN = "Fp32";

  private Fp32() {}

  /** Reads the (empty) parameters after the tag byte. */
  public static Fp32 fromDescriptor(ByteReader in) {
    return INSTANCE;
  }

  /** Accepts exactly {@code "Fp32"}. */
  public static Fp32 parse(String token) {
    if (!TOKEN.equals(token)) {
      throw new IllegalArgumentException("'" + token + "' is not the codec token Fp32");
    }
    return INSTANCE;
  }

  /** The worst-case absolute error for any value: zero, the codec is lossless. */
  public double worstCaseError(float x) {
    return 0;
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
    out.floats(src, off, len);
  }

  @Override
  public void decode(ByteReader in, float[] dst, int off, int len, int[] bounds) {
    QuantSupport.decodeGroups(bounds, len, this);
    Objects.checkFromIndexSize(off, len, dst.length);
    in.floats(dst, off, len, "Fp32 values");
  }

  @Override
  public long payloadBytes(int len, int groups) {
    QuantSupport.checkPayloadArgs(len, groups);
    return 4L * len;
  }

  @Override
  public String toString() {
    return TOKEN;
  }
}
