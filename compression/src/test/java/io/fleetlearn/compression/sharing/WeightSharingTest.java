package io.fleetlearn.compression.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WeightSharingTest {

  static byte[] encode(WeightSharing ws, float[] v, int[] bounds) {
    ByteWriter out = new ByteWriter();
    ws.encode(v, 0, v.length, bounds, null, out);
    return out.toByteArray();
  }

  static float[] decode(WeightSharing ws, byte[] payload, int len, int[] bounds) {
    float[] dst = new float[len];
    ByteReader in = new ByteReader(payload);
    ws.decode(in, dst, 0, len, bounds);
    assertThat(in.remaining()).isZero();
    return dst;
  }

  @Test
  void tokenAndDescriptorRoundTrip() {
    for (int b = 1; b <= 8; b++) {
      WeightSharing ws = WeightSharing.of(b);
      assertThat(ws.toString()).isEqualTo("KMeans(" + b + ")");
      assertThat(WeightSharing.parse(ws.toString())).isEqualTo(ws);
      ByteWriter out = new ByteWriter();
      ws.writeDescriptor(out);
      assertThat(out.toByteArray()).containsExactly(WeightSharing.TAG, b);
      ByteReader in = new ByteReader(out.toByteArray());
      assertThat(in.u8("tag")).isEqualTo(5);
      assertThat(WeightSharing.fromDescriptor(in)).isEqualTo(ws);
      assertThat(ws.perChannel()).isFalse();
      assertThat(ws.codebookSize()).isEqualTo(1 << b);
    }
    assertThat(WeightSharing.parse(" KMeans( 4 ) ")).isEqualTo(WeightSharing.of(4));
  }

  @Test
  void badTokensAndDescriptorsAreRejected() {
    for (String t : new String[] {"KMeans(0)", "KMeans(9)", "KMeans()", "kmeans(4)", "KMeans4"}) {
      assertThatThrownBy(() -> WeightSharing.parse(t))
          .as(t)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> WeightSharing.of(0)).isInstanceOf(IllegalArgumentException.class);
    for (byte b : new byte[] {0, 9, (byte) 255}) {
      assertThatThrownBy(() -> WeightSharing.fromDescriptor(new ByteReader(new byte[] {b})))
          .isInstanceOf(CodecException.class)
          .hasMessageContaining("weight sharing bits");
    }
    assertThatThrownBy(() -> WeightSharing.fromDescriptor(new ByteReader(new byte[0])))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("weight sharing bits");
  }

  @Test
  void constantTensorDecodesExactly() {
    float[] v = new float[1000];
    Arrays.fill(v, 3.5f);
    WeightSharing ws = WeightSharing.of(4);
    int[] bounds = {0, v.length};
    byte[] p = encode(ws, v, bounds);
    assertThat(p).hasSize((int) ws.payloadBytes(v.length, 1));
    assertThat(decode(ws, p, v.length, bounds)).containsOnly(3.5f);
  }

  @Test
  void fewerDistinctValuesThanCodebookDecodeExactly() {
    float[] v = new float[777];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i * 7 % 5) * 0.3f - 1;
    }
    WeightSharing ws = WeightSharing.of(3);
    int[] bounds = {0, v.length};
    assertThat(decode(ws, encode(ws, v, bounds), v.length, bounds)).containsExactly(v);
  }

  @Test
  void emptyInputWritesOnlyThePaddedCodebook() {
    WeightSharing ws = WeightSharing.of(2);
    int[] bounds = {0, 0};
    byte[] p = encode(ws, new float[0], bounds);
    assertThat(p).hasSize(16).containsOnly(0);
    assertThat(decode(ws, p, 0, bounds)).isEmpty();
  }

  @Test
  void groupsEachGetTheirOwnCodebook() {
    float[] v = new float[25];
    for (int i = 0; i < v.length; i++) {
      v[i] = i < 10 ? 100 + i % 2 : -(i % 2);
    }
    int[] bounds = {0, 10, 10, 25};
    WeightSharing ws = WeightSharing.of(1);
    byte[] p = encode(ws, v, bounds);
    assertThat(p).hasSize((int) ws.payloadBytes(25, 3)).hasSize(3 * 8 + 4);
    assertThat(decode(ws, p, 25, bounds)).containsExactly(v);
  }

  @Test
  void encodingIsDeterministicWithoutAGenerator() {
    float[] v = KMeans1dTest.gaussian(50_000, 8);
    WeightSharing ws = WeightSharing.of(5);
    int[] bounds = {0, v.length};
    assertThat(encode(ws, v, bounds)).isEqualTo(encode(ws, v, bounds));
  }

  @Test
  void nonFiniteInputIsACodecException() {
    WeightSharing ws = WeightSharing.of(2);
    assertThatThrownBy(() -> encode(ws, new float[] {1, Float.NaN, 2}, new int[] {0, 3}))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("value 1 is NaN");
  }

  @Test
  void nonFiniteCentroidIsNamed() {
    WeightSharing ws = WeightSharing.of(1);
    ByteWriter out = new ByteWriter();
    out.f32(0).f32(Float.NaN).u8(0b0110);
    assertThatThrownBy(() -> decode(ws, out.toByteArray(), 4, new int[] {0, 4}))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("centroid 1 of group 0 is NaN");
  }

  @Test
  void nonZeroPaddingBitsAreRejected() {
    WeightSharing ws = WeightSharing.of(1);
    ByteWriter out = new ByteWriter();
    out.f32(0).f32(1).u8(0b1_0110);
    assertThatThrownBy(() -> decode(ws, out.toByteArray(), 4, new int[] {0, 4}))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("padding");
  }

  @Test
  void truncatedPayloadIsRejectedBeforeReading() {
    float[] v = KMeans1dTest.gaussian(100, 1);
    WeightSharing ws = WeightSharing.of(4);
    byte[] p = encode(ws, v, new int[] {0, 100});
    for (int cut : new int[] {0, 1, 63, 64, p.length - 1}) {
      byte[] t = Arrays.copyOf(p, cut);
      assertThatThrownBy(() -> decode(ws, t, 100, new int[] {0, 100}))
          .isInstanceOf(CodecException.class)
          .hasMessageContaining("weight sharing payload");
    }
  }

  @Test
  void hugeClaimedLengthFailsWithoutAllocating() {
    WeightSharing ws = WeightSharing.of(8);
    assertThatThrownBy(
            () ->
                ws.decode(
                    new ByteReader(new byte[10]),
                    new float[0],
                    0,
                    Integer.MAX_VALUE - 8,
                    new int[] {0, Integer.MAX_VALUE - 8}))
        .isInstanceOf(CodecException.class);
  }
}
