package io.fleetlearn.compression.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TernaryTest {

  @Test
  void tokensPrintTheThresholdWithoutATrailingPointZero() {
    assertThat(Ternary.SIGNS).hasToString("Ternary");
    assertThat(Ternary.thresholded(0.7f)).hasToString("Ternary(0.7)");
    assertThat(Ternary.thresholded(1f)).hasToString("Ternary(1)");
    assertThat(Ternary.thresholded(0f)).hasToString("Ternary(0)");
    assertThat(Ternary.thresholded(-0f)).hasToString("Ternary(0)");
    assertThat(Ternary.thresholded(1e-4f)).hasToString("Ternary(1.0E-4)");
    assertThat(Ternary.parse("Ternary(0.7)")).hasToString("Ternary(0.7)");
    assertThat(Ternary.parse("Ternary(0.7)")).isEqualTo(Ternary.thresholded(0.7f));
    assertThat(Ternary.parse("Ternary")).isSameAs(Ternary.SIGNS);
    assertThat(Ternary.parse("Ternary(1.0E-4)")).isEqualTo(Ternary.thresholded(1e-4f));
    assertThat(Ternary.thresholded(0f)).isNotEqualTo(Ternary.SIGNS);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Ternary()",
        "Ternary(0.70)",
        "Ternary(1.0)",
        "Ternary(1.5)",
        "Ternary(-0.1)",
        "Ternary(NaN)",
        "Ternary( 0.7)",
        "Ternary(0.7f)",
        "Ternary(0x1p-1)",
        "ternary",
        "Ternary(0.7",
        "Ternary0.7)"
      })
  void parseRejectsAnythingToStringCannotProduce(String token) {
    assertThatThrownBy(() -> Ternary.parse(token))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + token + "'");
  }

  @Test
  void parseSuggestsTheCanonicalSpelling() {
    assertThatThrownBy(() -> Ternary.parse("Ternary(0.70)")).hasMessageContaining("Ternary(0.7)");
  }

  @Test
  void signsModeMapsToPlusMinusTheMeanMagnitude() {
    float[] back = roundTrip(Ternary.SIGNS, new float[] {1f, -3f, 0f, 2f});
    assertThat(back).containsExactly(1.5f, -1.5f, 0f, 1.5f);
  }

  @Test
  void thresholdedModeZeroesSmallValuesAndAveragesTheKeptOnes() {
    float[] back = roundTrip(Ternary.thresholded(0.5f), new float[] {1f, -3f, 0.5f, 2f, 1.5f});
    // maxabs 3, cut 1.5: keeps -3, 2, 1.5 with mean magnitude 6.5 / 3.
    float m = (float) (6.5 / 3);
    assertThat(back).containsExactly(0f, -m, 0f, m, m);
  }

  @Test
  void payloadIsMagnitudeThenTwoBitCodes() {
    ByteWriter out = new ByteWriter();
    Ternary.SIGNS.encode(new float[] {2f, -2f, 0f, 4f, -4f}, 0, 5, new int[] {0, 5}, null, out);
    byte[] payload = out.toByteArray();
    assertThat(payload).hasSize(4 + 2);
    assertThat(QuantSupport.f32(payload, 0)).isEqualTo(2.4f);
    assertThat(payload[4] & 0xFF).isEqualTo(1 | 2 << 2 | 0 << 4 | 1 << 6);
    assertThat(payload[5] & 0xFF).isEqualTo(2);
  }

  @Test
  void descriptorCarriesModeAndThreshold() {
    ByteWriter out = new ByteWriter();
    Ternary.thresholded(0.5f).writeDescriptor(out);
    assertThat(out.toByteArray()).containsExactly(4, 1, 0, 0, 0, 0x3F);
    out = new ByteWriter();
    Ternary.SIGNS.writeDescriptor(out);
    assertThat(out.toByteArray()).containsExactly(4, 0);
  }

  @Test
  void descriptorRejectsUnknownModesAndThresholdsOutsideZeroToOne() {
    assertThatThrownBy(() -> Ternary.fromDescriptor(new ByteReader(new byte[] {2})))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("mode (2)");
    ByteWriter w = new ByteWriter().u8(1).f32(1.5f);
    assertThatThrownBy(() -> Ternary.fromDescriptor(new ByteReader(w.toByteArray())))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("threshold (1.5)");
    ByteWriter nan = new ByteWriter().u8(1).f32(Float.NaN);
    assertThatThrownBy(() -> Ternary.fromDescriptor(new ByteReader(nan.toByteArray())))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("threshold (NaN)");
  }

  @Test
  void decodeRejectsCodeThree() {
    byte[] payload = encode(Ternary.SIGNS, new float[] {1f, 1f, 1f, 1f, 1f, 1f});
    payload[5] |= 0x03;
    assertThatThrownBy(() -> decode(Ternary.SIGNS, payload, 6))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("code at index 4 is 3");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x7FC00000, 0x7F800000, 0xBF800000})
  void decodeRejectsANonFiniteOrNegativeMagnitude(int bits) {
    byte[] payload = encode(Ternary.SIGNS, new float[] {1f, -1f});
    QuantSupport.putF32(payload, 0, Float.intBitsToFloat(bits));
    assertThatThrownBy(() -> decode(Ternary.SIGNS, payload, 2))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("group 0 magnitude");
  }

  @Test
  void nonFiniteInputsAreRejectedNamingTheIndex() {
    assertThatThrownBy(() -> encode(Ternary.thresholded(0.5f), new float[] {1f, Float.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 1");
    assertThatThrownBy(() -> encode(Ternary.SIGNS, new float[] {Float.POSITIVE_INFINITY}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 0");
  }

  @Test
  void worstCaseIsTheLargerOfDroppingAndSnapping() {
    assertThat(Ternary.worstCaseError(3f, 1f)).isEqualTo(3.0);
    assertThat(Ternary.worstCaseError(-0.5f, 4f)).isEqualTo(3.5);
  }

  private static float[] roundTrip(Ternary t, float[] src) {
    return decode(t, encode(t, src), src.length);
  }

  private static byte[] encode(Ternary t, float[] src) {
    ByteWriter out = new ByteWriter();
    t.encode(src, 0, src.length, new int[] {0, src.length}, null, out);
    return out.toByteArray();
  }

  private static float[] decode(Ternary t, byte[] payload, int len) {
    float[] back = new float[len];
    t.decode(new ByteReader(payload), back, 0, len, new int[] {0, len});
    return back;
  }
}
