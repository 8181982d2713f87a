package io.fleetlearn.compression.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import org.junit.jupiter.api.Test;

class Fp32Test {

  @Test
  void roundTripIsBitExactForSpecialValues() {
    int[] bits = {0, 0x80000000, 0x7F800000, 0xFF800000, 0x7FC00001, 1, 0x7F7FFFFF, 0x3F800000};
    float[] src = new float[bits.length];
    for (int i = 0; i < bits.length; i++) {
      src[i] = Float.intBitsToFloat(bits[i]);
    }
    ByteWriter out = new ByteWriter();
    Fp32.INSTANCE.encode(src, 0, src.length, new int[] {0, src.length}, null, out);
    assertThat(out.position()).isEqualTo(4 * src.length);
    float[] back = new float[src.length];
    Fp32.INSTANCE.decode(new ByteReader(out.toByteArray()), back, 0, back.length, new int[] {0, 8});
    for (int i = 0; i < bits.length; i++) {
      assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(bits[i]);
    }
  }

  @Test
  void tokenAndDescriptorAreFixed() {
    assertThat(Fp32.parse("Fp32")).isSameAs(Fp32.INSTANCE);
    assertThatThrownBy(() -> Fp32.parse("fp32")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fp16.parse("Fp16()")).isInstanceOf(IllegalArgumentException.class);
    ByteWriter out = new ByteWriter();
    Fp32.INSTANCE.writeDescriptor(out);
    assertThat(out.toByteArray()).containsExactly(1);
  }

  @Test
  void truncatedInputFailsNamingTheField() {
    assertThatThrownBy(
            () ->
                Fp32.INSTANCE.decode(
                    new ByteReader(new byte[7]), new float[2], 0, 2, new int[] {0, 2}))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("Fp32 values");
  }
}
