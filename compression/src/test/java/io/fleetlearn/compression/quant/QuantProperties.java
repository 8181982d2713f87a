package io.fleetlearn.compression.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class QuantProperties {
  private static final int PREFIX = 3;

  @Provide
  Arbitrary<ValueCodec> codecs() {
    return Arbitraries.of(TestCodecs.all());
  }

  @Property(tries = 600)
  void roundTripStaysWithinTheDocumentedBoundAndUsesExactlyPayloadBytes(
      @ForAll("codecs") ValueCodec codec,
      @ForAll @IntRange(max = 5000) int len,
      @ForAll long seed) {
    Sample s = Sample.random(seed, len);
    ByteWriter out = new ByteWriter(1);
    out.u8(0xEE).u8(0xEE).u8(0xEE);
    codec.encode(s.src, s.off, len, s.bounds, new SplittableRandom(seed), out);
    int size = out.position() - PREFIX;
    assertThat((long) size).isEqualTo(codec.payloadBytes(len, s.groups()));

    byte[] bytes = Arrays.copyOf(out.toByteArray(), out.position() + 2);
    ByteReader in = new ByteReader(bytes, PREFIX, size + 2);
    float[] dst = new float[len + 2];
    dst[0] = 42f;
    dst[len + 1] = 43f;
    codec.decode(in, dst, 1, len, s.bounds);
    assertThat(in.position()).as("decode consumes the payload exactly").isEqualTo(PREFIX + size);
    assertThat(dst[0]).isEqualTo(42f);
    assertThat(dst[len + 1]).isEqualTo(43f);

    for (int g = 0; g < s.groups(); g++) {
      checkGroup(codec, s, g, dst);
    }
  }

  private static void checkGroup(ValueCodec codec, Sample s, int g, float[] dst) {
    int a = s.bounds[g];
    int e = s.bounds[g + 1];
    if (codec instanceof Fp32) {
      for (int i = a; i < e; i++) {
        assertThat(Float.floatToRawIntBits(dst[1 + i]))
            .isEqualTo(Float.floatToRawIntBits(s.src[s.off + i]));
      }
    } else if (codec instanceof Fp16) {
      for (int i = a; i < e; i++) {
        float x = s.src[s.off + i];
        assertThat(Math.abs((double) x - dst[1 + i])).isLessThanOrEqualTo(Fp16.worstCaseError(x));
      }
    } else if (codec instanceof AffineQuantizer q) {
      double bound = q.worstCaseError(s.src, s.off + a, s.off + e);
      for (int i = a; i < e; i++) {
        float x = s.src[s.off + i];
        assertThat(Math.abs((double) x - dst[1 + i]))
            .as("%s group %d [%d, %d) value %d: %s -> %s", q, g, a, e, i, x, dst[1 + i])
            .isLessThanOrEqualTo(bound);
      }
    } else {
      checkTernaryGroup((Ternary) codec, s, a, e, dst);
    }
  }

  private static void checkTernaryGroup(Ternary t, Sample s, int a, int e, float[] dst) {
    float maxAbs = 0;
    for (int i = a; i < e; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(s.src[s.off + i]));
    }
    float cut = t.threshold() * maxAbs;
    double sum = 0;
    int n = 0;
    for (int i = a; i < e; i++) {
      float x = Math.abs(s.src[s.off + i]);
      boolean kept = t.isThresholded() ? x >= cut && x != 0 : true;
      sum += kept ? x : 0;
      n += kept ? 1 : 0;
    }
    double mRef = n == 0 ? 0 : sum / n;
    for (int i = a; i < e; i++) {
      float x = s.src[s.off + i];
      float y = dst[1 + i];
      boolean kept = x != 0 && Math.abs(x) >= cut;
      if (kept && mRef > 0) {
        assertThat((double) Math.abs(y))
            .isCloseTo(
                mRef, org.assertj.core.data.Offset.offset(Math.max(mRef * 1e-6, Float.MIN_VALUE)));
        assertThat(Math.signum(y)).isEqualTo(Math.signum(x));
      } else if (!kept) {
        assertThat(y).isZero();
      }
      assertThat(Math.abs((double) x - y))
          .isLessThanOrEqualTo(
              Ternary.worstCaseError(x, Math.abs(y) == 0 ? (float) mRef : Math.abs(y)));
    }
  }

  @Property(tries = 100)
  void descriptorAndTokenRoundTrip(@ForAll("codecs") ValueCodec codec) {
    ByteWriter out = new ByteWriter();
    codec.writeDescriptor(out);
    byte[] bytes = out.toByteArray();
    assertThat(bytes[0] & 0xFF).isEqualTo(TestCodecs.tagOf(codec));
    ByteReader in = new ByteReader(bytes);
    ValueCodec back = TestCodecs.readDescriptor(in);
    in.expectEnd("descriptor");
    assertThat(back).isEqualTo(codec);
    assertThat(back.toString()).isEqualTo(codec.toString());
    assertThat(TestCodecs.parseLike(codec, codec.toString())).isEqualTo(codec);

    for (int cut = 0; cut < bytes.length; cut++) {
      ByteReader truncated = new ByteReader(bytes, 0, cut);
      assertThatThrownBy(() -> TestCodecs.readDescriptor(truncated))
          .isInstanceOf(CodecException.class);
    }
  }

  @Property(tries = 400)
  void randomBytesDecodeOrFailWithCodecExceptionOnly(
      @ForAll("codecs") ValueCodec codec, @ForAll @IntRange(max = 300) int len, @ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] bounds = Sample.randomBounds(r, len);
    long size = codec.payloadBytes(len, bounds.length - 1);
    byte[] bytes = new byte[r.nextInt((int) size * 2 + 8)];
    r.nextBytes(bytes);
    decodeHostile(codec, bytes, len, bounds);
  }

  @Property(tries = 400)
  void corruptedPayloadsDecodeOrFailWithCodecExceptionOnly(
      @ForAll("codecs") ValueCodec codec, @ForAll @IntRange(max = 300) int len, @ForAll long seed) {
    Sample s = Sample.random(seed, len);
    ByteWriter out = new ByteWriter();
    codec.encode(s.src, s.off, len, s.bounds, new SplittableRandom(seed), out);
    byte[] bytes = out.toByteArray();
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    if (bytes.length > 0) {
      for (int k = 1 + r.nextInt(4); k > 0; k--) {
        bytes[r.nextInt(bytes.length)] ^= (byte) (1 + r.nextInt(255));
      }
    }
    decodeHostile(codec, bytes, len, s.bounds);
  }

  @Property(tries = 300)
  void truncatedPayloadsFailWithCodecException(
      @ForAll("codecs") ValueCodec codec,
      @ForAll @IntRange(min = 1, max = 300) int len,
      @ForAll long seed) {
    Sample s = Sample.random(seed, len);
    ByteWriter out = new ByteWriter();
    codec.encode(s.src, s.off, len, s.bounds, new SplittableRandom(seed), out);
    byte[] bytes = out.toByteArray();
    int cut = new SplittableRandom(seed).nextInt(bytes.length);
    ByteReader in = new ByteReader(bytes, 0, cut);
    assertThatThrownBy(() -> codec.decode(in, new float[len], 0, len, s.bounds))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining(codec instanceof Fp32 ? "Fp32" : codec.toString());
  }

  private static void decodeHostile(ValueCodec codec, byte[] bytes, int len, int[] bounds) {
    float[] dst = new float[len];
    try {
      codec.decode(new ByteReader(bytes), dst, 0, len, bounds);
    } catch (CodecException expected) {
      return;
    } catch (RuntimeException e) {
      fail("decode of hostile input threw " + e + " instead of a CodecException", e);
    }
    if (codec instanceof AffineQuantizer || codec instanceof Ternary) {
      for (float v : dst) {
        assertThat(Float.isFinite(v)).as("accepted parameters decode to finite values").isTrue();
      }
    }
  }

  /** A run of values at {@code src[off, off+len)} split into groups by {@code bounds}. */
  record Sample(float[] src, int off, int[] bounds) {
    int groups() {
      return bounds.length - 1;
    }

    static Sample random(long seed, int len) {
      SplittableRandom r = new SplittableRandom(seed);
      int off = r.nextInt(4);
      float[] src = new float[off + len + r.nextInt(3)];
      Arrays.fill(src, Float.NaN);
      double scale = Math.pow(10, r.nextInt(-40, 39));
      double center = r.nextInt(3) == 0 ? 0 : scale * r.nextGaussian() * 4;
      int kind = r.nextInt(7);
      for (int i = off; i < off + len; i++) {
        double v =
            switch (kind) {
              case 0 -> center + scale * r.nextGaussian();
              case 1 -> center;
              case 2 -> r.nextBoolean() ? 0 : scale * r.nextGaussian();
              case 3 -> r.nextGaussian() * Math.pow(10, r.nextInt(-12, 13));
              case 4 -> r.nextInt(-9, 10);
              case 5 ->
                  r.nextBoolean()
                      ? Float.MAX_VALUE * r.nextDouble(-1, 1)
                      : Float.MIN_VALUE * r.nextInt(-50, 50);
              default -> scale * r.nextDouble();
            };
        float f = (float) v;
        src[i] = Float.isFinite(f) ? f : Math.copySign(Float.MAX_VALUE, f);
      }
      return new Sample(src, off, randomBounds(r, len));
    }

    static int[] randomBounds(SplittableRandom r, int len) {
      int groups = 1 + (r.nextInt(4) == 0 ? 0 : r.nextInt(1 + Math.min(40, len / 4 + 3)));
      int[] bounds = new int[groups + 1];
      for (int g = 1; g < groups; g++) {
        bounds[g] = r.nextInt(len + 1);
      }
      bounds[groups] = len;
      Arrays.sort(bounds, 1, groups);
      return bounds;
    }
  }
}
