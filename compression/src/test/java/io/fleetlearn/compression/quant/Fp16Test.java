package io.fleetlearn.compression.quant;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Fp16Test {

  @Test
  void everyNonNanHalfSurvivesToFloatAndBack() {
    for (int h = 0; h < 0x10000; h++) {
      short half = (short) h;
      float f = Fp16.toFloat(half);
      if (Float.isNaN(f)) {
        assertThat((h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0).as("NaN half %04x", h).isTrue();
        continue;
      }
      assertThat(Fp16.toHalf(f)).as("half %04x", h).isEqualTo(half);
    }
  }

  @Test
  void toFloatMatchesTheBinary16DefinitionForEveryHalf() {
    for (int h = 0; h < 0x10000; h++) {
      assertThat(Float.floatToIntBits(Fp16.toFloat((short) h)))
          .as("half %04x", h)
          .isEqualTo(Float.floatToIntBits(ReferenceHalf.value(h)));
    }
  }

  @Test
  void quietNanPayloadsSurvive() {
    for (int h = 0x7E00; h <= 0x7FFF; h++) {
      assertThat(Fp16.toHalf(Fp16.toFloat((short) h))).isEqualTo((short) h);
      assertThat(Fp16.toHalf(Fp16.toFloat((short) (h | 0x8000)))).isEqualTo((short) (h | 0x8000));
    }
    assertThat(Float.isNaN(Fp16.toFloat(Fp16.toHalf(Float.NaN)))).isTrue();
    assertThat(Float.isNaN(Fp16.toFloat(Fp16.toHalf(Float.intBitsToFloat(0x7F800001))))).isTrue();
  }

  @Test
  void midpointsBetweenNeighbouringHalvesRoundToTheEvenOne() {
    for (int h = 0; h < 0x7BFF; h++) {
      double mid = ((double) Fp16.toFloat((short) h) + Fp16.toFloat((short) (h + 1))) / 2;
      float f = (float) mid;
      assertThat((double) f).isEqualTo(mid);
      short expected = (short) ((h & 1) == 0 ? h : h + 1);
      assertThat(Fp16.toHalf(f)).as("midpoint above %04x", h).isEqualTo(expected);
      assertThat(Fp16.toHalf(-f)).isEqualTo((short) (expected | 0x8000));
    }
  }

  @Test
  void edgesOfTheRangeAreCorrect() {
    assertThat(Fp16.toHalf(65504f)).isEqualTo((short) 0x7BFF);
    assertThat(Fp16.toHalf(Math.nextDown(65520f))).isEqualTo((short) 0x7BFF);
    assertThat(Fp16.toHalf(65520f)).isEqualTo((short) 0x7C00);
    assertThat(Fp16.toHalf(-1e30f)).isEqualTo((short) 0xFC00);
    assertThat(Fp16.toHalf(Float.POSITIVE_INFINITY)).isEqualTo((short) 0x7C00);
    assertThat(Fp16.toHalf(Float.NEGATIVE_INFINITY)).isEqualTo((short) 0xFC00);
    assertThat(Fp16.toHalf(0x1p-14f)).isEqualTo((short) 0x0400);
    assertThat(Fp16.toHalf(0x1p-24f)).isEqualTo((short) 0x0001);
    assertThat(Fp16.toHalf(0x1p-25f)).isEqualTo((short) 0x0000);
    assertThat(Fp16.toHalf(Math.nextUp(0x1p-25f))).isEqualTo((short) 0x0001);
    assertThat(Fp16.toHalf(0x3p-25f)).isEqualTo((short) 0x0002);
    assertThat(Fp16.toHalf(-0.0f)).isEqualTo((short) 0x8000);
    assertThat(Fp16.toHalf(Float.MIN_VALUE)).isEqualTo((short) 0);
    assertThat(Fp16.toHalf(-Float.MIN_VALUE)).isEqualTo((short) 0x8000);
    assertThat(Fp16.toHalf(1f / 3)).isEqualTo((short) 0x3555);
  }

  @Test
  void matchesAnIndependentDoubleReferenceOnRandomFloats() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int k = 0; k < 400_000; k++) {
      float x =
          switch (k % 4) {
            case 0 -> Float.intBitsToFloat(rnd.nextInt());
            case 1 -> (float) rnd.nextDouble(-70000, 70000);
            case 2 -> (float) rnd.nextDouble(-0x1p-13, 0x1p-13);
            default -> Float.intBitsToFloat(0x33000000 + rnd.nextInt(0x14800000));
          };
      short h = Fp16.toHalf(x);
      if (Float.isNaN(x)) {
        assertThat(Float.isNaN(Fp16.toFloat(h))).isTrue();
        continue;
      }
      double expected = ReferenceHalf.round(x);
      assertThat(Float.floatToIntBits(Fp16.toFloat(h)))
          .as("x = %s (bits %08x)", x, Float.floatToRawIntBits(x))
          .isEqualTo(Float.floatToIntBits((float) expected));
      assertThat(Math.abs((double) x - Fp16.toFloat(h)))
          .isLessThanOrEqualTo(Fp16.worstCaseError(x));
    }
  }

  @Test
  void codecRoundTripsThroughHalves() {
    float[] src = {0f, -0.0f, 1f, -2.5f, 65504f, 1e6f, -1e6f, Float.NaN, 0x1p-24f, 0.1f};
    ByteWriter out = new ByteWriter();
    Fp16.INSTANCE.encode(src, 0, src.length, new int[] {0, src.length}, null, out);
    assertThat(out.position()).isEqualTo(Fp16.INSTANCE.payloadBytes(src.length, 1));
    float[] dst = new float[src.length];
    Fp16.INSTANCE.decode(new ByteReader(out.toByteArray()), dst, 0, src.length, new int[] {0, 10});
    assertThat(dst)
        .containsExactly(
            0f,
            -0.0f,
            1f,
            -2.5f,
            65504f,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.NaN,
            0x1p-24f,
            Fp16.toFloat((short) 0x2E66));
    assertThat(Float.floatToRawIntBits(dst[1])).isEqualTo(0x80000000);
  }

  /** binary16 by its definition, in double arithmetic, independent of Fp16's bit tricks. */
  static final class ReferenceHalf {
    private ReferenceHalf() {}

    static float value(int h) {
      int sign = (h >> 15) & 1;
      int exp = (h >> 10) & 0x1F;
      int frac = h & 0x3FF;
      double mag;
      if (exp == 0x1F) {
        return frac == 0
            ? (sign == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY)
            : Float.NaN;
      } else if (exp == 0) {
        mag = frac * Math.pow(2, -24);
      } else {
        mag = (1 + frac / 1024.0) * Math.pow(2, exp - 15);
      }
      return (float) (sign == 0 ? mag : -mag);
    }

    /** x rounded to the binary16 grid, ties to even (Math.rint), overflow to infinity. */
    static double round(float x) {
      double a = Math.abs((double) x);
      double ulp = a < Math.pow(2, -14) ? Math.pow(2, -24) : Math.pow(2, Math.getExponent(a) - 10);
      double q = Math.rint(a / ulp) * ulp;
      if (q > 65504) {
        q = Double.POSITIVE_INFINITY;
      }
      return Math.copySign(q, x);
    }
  }
}
