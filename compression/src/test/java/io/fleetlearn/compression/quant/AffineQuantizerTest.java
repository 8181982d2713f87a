package io.fleetlearn.compression.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AffineQuantizerTest {

  @Test
  void tokensListOptionsInFixedOrder() {
    assertThat(AffineQuantizer.of(8, false, false, false)).hasToString("Int8");
    assertThat(AffineQuantizer.of(4, false, false, false)).hasToString("Int4");
    assertThat(AffineQuantizer.of(2, false, false, false)).hasToString("Int2");
    assertThat(AffineQuantizer.of(8, false, true, false)).hasToString("Int8(channel)");
    assertThat(AffineQuantizer.of(4, true, false, true)).hasToString("Int4(sym, stochastic)");
    assertThat(AffineQuantizer.of(2, false, false, true)).hasToString("Int2(stochastic)");
    assertThat(AffineQuantizer.of(8, true, true, false)).hasToString("Int8(sym, channel)");
    assertThat(AffineQuantizer.of(8, true, true, true))
        .hasToString("Int8(sym, channel, stochastic)");
    assertThat(AffineQuantizer.parse("Int4(sym, stochastic)"))
        .isEqualTo(AffineQuantizer.of(4, true, false, true));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Int3",
        "Int16",
        "Int08",
        "int8",
        "Int8()",
        "Int8(channel, sym)",
        "Int8(sym,channel)",
        "Int8(sym, sym)",
        "Int8(foo)",
        "Int8(sym, )",
        " Int8",
        "Int8 ",
        "Int8(Sym)",
        "Int"
      })
  void parseRejectsAnythingToStringCannotProduce(String token) {
    assertThatThrownBy(() -> AffineQuantizer.parse(token))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + token + "'");
  }

  @Test
  void parseExplainsTheExpectedOrder() {
    assertThatThrownBy(() -> AffineQuantizer.parse("Int8(channel, sym)"))
        .hasMessageContaining("order sym, channel, stochastic");
  }

  @Test
  void descriptorIsTagBitsAndFlags() {
    ByteWriter out = new ByteWriter();
    AffineQuantizer.of(4, true, false, true).writeDescriptor(out);
    assertThat(out.toByteArray()).containsExactly(3, 4, 5);
  }

  @Test
  void descriptorRejectsUnknownWidthsAndFlags() {
    assertThatThrownBy(() -> AffineQuantizer.fromDescriptor(new ByteReader(new byte[] {3, 0})))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("bits (3)");
    assertThatThrownBy(() -> AffineQuantizer.fromDescriptor(new ByteReader(new byte[] {8, 8})))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("flags (0x08)");
    assertThatThrownBy(() -> AffineQuantizer.fromDescriptor(new ByteReader(new byte[] {8})))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("AffineQuantizer flags");
  }

  @Test
  void integerGridIsReproducedExactly() {
    float[] src = new float[256];
    for (int i = 0; i < src.length; i++) {
      src[i] = i - 100;
    }
    assertThat(roundTrip(AffineQuantizer.of(8, false, false, false), src, 0, 256)).isEqualTo(src);
  }

  @Test
  void symmetricKeepsZeroExactAndAvoidsTheMostNegativeCode() {
    float[] src = {-4f, 0f, 1f, 2f, 4f};
    AffineQuantizer q = AffineQuantizer.of(4, true, false, false);
    float[] back = roundTrip(q, src, 0, 5);
    assertThat(back[1]).isZero();
    assertThat(back[0]).isEqualTo(-4f);
    assertThat(back[4]).isEqualTo(4f);
    byte[] payload = encode(q, src, null, 0, 5);
    // scale 4/7; codes q + 8 for q = -7, 0, 2, 4, 7.
    assertThat(QuantSupport.f32(payload, 0)).isEqualTo(4f / 7);
    assertThat(payload[4] & 0xFF).isEqualTo(1 | 8 << 4);
  }

  @Test
  void constantAndEmptyGroupsWork() {
    float[] src = {3.3f, 3.3f, 3.3f, -1e-3f, -1e-3f};
    int[] bounds = {0, 0, 3, 3, 5, 5};
    for (ValueCodec codec : TestCodecs.all()) {
      ByteWriter out = new ByteWriter();
      codec.encode(src, 0, 5, bounds, new SplittableRandom(1), out);
      assertThat((long) out.position()).isEqualTo(codec.payloadBytes(5, 5));
      float[] back = new float[5];
      codec.decode(new ByteReader(out.toByteArray()), back, 0, 5, bounds);
      if (codec instanceof AffineQuantizer q) {
        if (q.symmetric()) {
          assertThat(back)
              .containsExactly(new float[] {3.3f, 3.3f, 3.3f, -1e-3f, -1e-3f}, offset(1e-6f));
        } else {
          assertThat(back).containsExactly(src);
        }
      }
    }
  }

  @Test
  void nonFiniteInputsAreRejectedNamingTheIndex() {
    float[] src = {0f, 1f, 2f, 3f, Float.NaN, 5f};
    AffineQuantizer q = AffineQuantizer.of(8, false, true, false);
    assertThatThrownBy(() -> q.encode(src, 1, 5, new int[] {0, 2, 5}, null, new ByteWriter()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 3");
    float[] inf = {1f, Float.NEGATIVE_INFINITY};
    assertThatThrownBy(
            () ->
                AffineQuantizer.of(2, true, false, false)
                    .encode(inf, 0, 2, new int[] {0, 2}, null, new ByteWriter()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 1")
        .hasMessageContaining("-Infinity");
  }

  @Test
  void stochasticEncodingNeedsAnRng() {
    assertThatThrownBy(
            () ->
                AffineQuantizer.of(8, false, false, true)
                    .encode(new float[1], 0, 1, new int[] {0, 1}, null, new ByteWriter()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rng");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x7FC00000, 0x7F800000, 0xFF800000, 0xBF800000})
  void decodeRejectsANonFiniteOrNegativeScale(int scaleBits) {
    for (boolean symmetric : new boolean[] {false, true}) {
      AffineQuantizer q = AffineQuantizer.of(8, symmetric, false, false);
      byte[] payload = encode(q, new float[] {1f, 2f}, null, 0, 2);
      QuantSupport.putF32(payload, symmetric ? 0 : 4, Float.intBitsToFloat(scaleBits));
      assertThatThrownBy(
              () -> q.decode(new ByteReader(payload), new float[2], 0, 2, new int[] {0, 2}))
          .isInstanceOf(CodecException.class)
          .hasMessageContaining("group 0 scale");
    }
  }

  @Test
  void decodeRejectsANonFiniteMin() {
    AffineQuantizer q = AffineQuantizer.of(4, false, false, false);
    byte[] payload = encode(q, new float[] {1f, 2f}, null, 0, 2);
    QuantSupport.putF32(payload, 0, Float.NaN);
    assertThatThrownBy(
            () -> q.decode(new ByteReader(payload), new float[2], 0, 2, new int[] {0, 2}))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("group 0 min");
  }

  @Test
  void decodeRejectsTheUnusedSymmetricCode() {
    for (int bits : new int[] {8, 4, 2}) {
      AffineQuantizer q = AffineQuantizer.of(bits, true, false, false);
      float[] src = new float[9];
      java.util.Arrays.fill(src, 1f);
      byte[] payload = encode(q, src, null, 0, 9);
      // Code 8 starts at bit 8 * bits of the codes, i.e. the low bits of code byte `bits`.
      payload[4 + bits] &= (byte) ~((1 << bits) - 1);
      assertThatThrownBy(
              () -> q.decode(new ByteReader(payload), new float[9], 0, 9, new int[] {0, 9}))
          .as("Int%d", bits)
          .isInstanceOf(CodecException.class)
          .hasMessageContaining("code at index 8 is 0");
    }
  }

  @Test
  void decodeRejectsNonZeroPadding() {
    AffineQuantizer q = AffineQuantizer.of(2, false, false, false);
    byte[] payload = encode(q, new float[] {1f, 2f, 3f}, null, 0, 3);
    payload[8] |= (byte) 0xC0;
    assertThatThrownBy(
            () -> q.decode(new ByteReader(payload), new float[3], 0, 3, new int[] {0, 3}))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("padding");
  }

  @Test
  void decodeRejectsBadGroupBoundsAsCodecException() {
    AffineQuantizer q = AffineQuantizer.of(8, false, true, false);
    byte[] payload = encode(q, new float[] {1f, 2f}, null, 0, 2);
    assertThatThrownBy(
            () -> q.decode(new ByteReader(payload), new float[2], 0, 2, new int[] {0, 3, 2}))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("bounds[2]");
  }

  @Test
  void documentedBoundIsTheNominalHalfStepPlusFloatRounding() {
    SplittableRandom r = new SplittableRandom(3);
    for (int bits : new int[] {8, 4, 2}) {
      for (boolean symmetric : new boolean[] {false, true}) {
        float[] src = new float[1000];
        for (int i = 0; i < src.length; i++) {
          src[i] = (float) (5 + 3 * r.nextGaussian());
        }
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : src) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        double maxAbs = Math.max(-min, max);
        double nominal =
            symmetric ? maxAbs / ((1 << (bits - 1)) - 1) : ((double) max - min) / ((1 << bits) - 1);
        double det = AffineQuantizer.of(bits, symmetric, false, false).worstCaseError(src, 0, 1000);
        double sto = AffineQuantizer.of(bits, symmetric, false, true).worstCaseError(src, 0, 1000);
        assertThat(det).isBetween(nominal / 2, nominal / 2 * (1 + 1e-6) + maxAbs * 0x1p-19);
        assertThat(sto).isBetween(nominal, nominal * (1 + 1e-6) + maxAbs * 0x1p-19);
      }
    }
  }

  @Test
  void stochasticRoundingIsUnbiasedWhereRoundingToNearestIsNot() {
    int draws = 4000;
    for (int bits : new int[] {8, 4, 2}) {
      for (boolean symmetric : new boolean[] {false, true}) {
        AffineQuantizer sto = AffineQuantizer.of(bits, symmetric, false, true);
        AffineQuantizer det = AffineQuantizer.of(bits, symmetric, false, false);
        // Interior values a quarter step above grid points (the end points fix the grid):
        // rounding to nearest is off by scale/4 every time, stochastic rounding on average not.
        int half = (1 << (bits - 1)) - 1;
        int points = symmetric ? 2 * half + 1 : (1 << bits);
        float[] probe = new float[points];
        for (int i = 0; i < points; i++) {
          probe[i] = symmetric ? (i - half) / (float) half : i;
        }
        float scale = sto.scale(probe, 0, points);
        for (int i = 1; i + 1 < points; i++) {
          probe[i] += scale / 4;
        }
        assertThat(sto.scale(probe, 0, points)).isEqualTo(scale);
        double[] mean = new double[probe.length];
        SplittableRandom rng = new SplittableRandom(1234 + bits);
        for (int d = 0; d < draws; d++) {
          float[] back = roundTrip(sto, probe, rng);
          for (int i = 0; i < back.length; i++) {
            mean[i] += back[i] / (double) draws;
          }
        }
        float[] nearest = roundTrip(det, probe, null);
        // Std of the mean is at most scale / (2 sqrt(draws)); allow 5 of them.
        double tolerance = 5 * scale / (2 * Math.sqrt(draws));
        for (int i = 1; i + 1 < points; i++) {
          assertThat(mean[i]).as("%s value %d", sto, i).isCloseTo(probe[i], offset(tolerance));
          assertThat(Math.abs(nearest[i] - probe[i])).isGreaterThan(scale * 0.2f);
        }
      }
    }
  }

  private static float[] roundTrip(ValueCodec q, float[] src, int off, int len) {
    byte[] payload = encode(q, src, new SplittableRandom(0), off, len);
    float[] back = new float[len];
    q.decode(new ByteReader(payload), back, 0, len, new int[] {0, len});
    return back;
  }

  private static float[] roundTrip(ValueCodec q, float[] src, SplittableRandom rng) {
    byte[] payload = encode(q, src, rng, 0, src.length);
    float[] back = new float[src.length];
    q.decode(new ByteReader(payload), back, 0, src.length, new int[] {0, src.length});
    return back;
  }

  private static byte[] encode(ValueCodec q, float[] src, SplittableRandom rng, int off, int len) {
    ByteWriter out = new ByteWriter();
    q.encode(src, off, len, new int[] {0, len}, rng, out);
    return out.toByteArray();
  }
}
