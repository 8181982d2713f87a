package io.fleetlearn.compression.coding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.CodecException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IndexCodecTest {

  private static int[] randomSet(int size, double density, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] buf = new int[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (rnd.nextDouble() < density) {
        buf[n++] = i;
      }
    }
    return Arrays.copyOf(buf, n);
  }

  private static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  @Test
  void automaticChoiceFollowsDensity() {
    int size = 1_000_000;
    assertThat(IndexCoding.choose(randomSet(size, 0.001, 1), 0, 0)).isNotNull();
    int[] sparse = randomSet(size, 0.001, 1);
    int[] dense = randomSet(size, 0.6, 2);
    assertThat(IndexCoding.choose(sparse, sparse.length, size)).isEqualTo(RiceIndexCodec.INSTANCE);
    assertThat(IndexCoding.choose(dense, dense.length, size)).isEqualTo(BitmapIndexCodec.INSTANCE);
    // Runs of consecutive positions with long jumps between them: varints pay one byte a position
    // and three a jump, while Rice's single k is wrong for both.
    int[] runs = new int[1000];
    for (int r = 0; r < 10; r++) {
      for (int j = 0; j < 100; j++) {
        runs[r * 100 + j] = r * 90_000 + j;
      }
    }
    assertThat(IndexCoding.choose(runs, runs.length, size))
        .isEqualTo(DeltaVarintIndexCodec.INSTANCE);
  }

  @Test
  void riceUsesAboutTheEntropyOfARandomSparseSet() {
    int size = 1_000_000;
    int[] idx = randomSet(size, 0.01, 3);
    double bitsPerIndex = 8.0 * RiceIndexCodec.INSTANCE.bytes(idx, idx.length, size) / idx.length;
    // Entropy of a 1% Bernoulli set is 8.08 bits an index; Rice stays within 3%.
    assertThat(bitsPerIndex).isBetween(8.0, 8.3);
  }

  @Test
  void riceParameterIsTheExactOptimum() {
    int size = 1_000_000;
    for (double d : new double[] {0.0001, 0.003, 0.05, 0.4, 0.99}) {
      int[] idx = randomSet(size, d, 4);
      int k = RiceIndexCodec.bestK(idx, idx.length);
      for (int other = 0; other <= RiceIndexCodec.MAX_K; other++) {
        assertThat(RiceIndexCodec.cost(idx, idx.length, k))
            .isLessThanOrEqualTo(RiceIndexCodec.cost(idx, idx.length, other));
      }
    }
  }

  @Test
  void riceUnaryBombOfOnesFailsFast() {
    byte[] bomb = new byte[1 + 1 + 16 << 20];
    Arrays.fill(bomb, (byte) 0xFF);
    bomb[0] = RiceIndexCodec.TAG;
    bomb[1] = 0; // k = 0: every one bit is one more in the quotient
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> IndexCoding.read(new ByteReader(bomb), 10, 4096))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("Rice index 0 of 10")
        .hasMessageContaining("above its maximum 4095");
    // Even with the largest tensor size the run is bounded by the input, not by the claimed size.
    assertThatThrownBy(() -> IndexCoding.read(new ByteReader(bomb), 10, Integer.MAX_VALUE))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("bits");
    assertThat(System.nanoTime() - t0).isLessThan(2_000_000_000L);
  }

  @Test
  void riceWithTheLargestParameterAndAllOnesFailsOnTheFirstIndex() {
    byte[] body = new byte[64];
    Arrays.fill(body, (byte) 0xFF);
    body[0] = RiceIndexCodec.TAG;
    body[1] = 31;
    assertThatThrownBy(() -> IndexCoding.read(new ByteReader(body), 3, 1_000_000))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("Rice index 0 of 3");
  }

  @Test
  void riceAllZerosIsTheDenseRunFromZero() {
    byte[] body = new byte[3];
    body[0] = RiceIndexCodec.TAG;
    int[] idx = IndexCoding.read(new ByteReader(body), 8, 100);
    assertThat(idx).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void riceRejectsAParameterAbove31() {
    assertThatThrownBy(() -> IndexCoding.read(new ByteReader(bytes(3, 32, 0, 0)), 1, 10))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("Rice parameter k (32)");
  }

  @Test
  void riceRejectsNonZeroPadding() {
    // k = 0, index 0 is "0" (one bit), then a stray one bit in the padding.
    assertThatThrownBy(() -> IndexCoding.read(new ByteReader(bytes(3, 0, 0b10)), 1, 10))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("padding");
  }

  @Test
  void riceCountTheInputCannotHoldFailsBeforeDecoding() {
    assertThatThrownBy(() -> IndexCoding.read(new ByteReader(bytes(3, 4, 0)), 1_000_000, 2_000_000))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("Rice indices (1000000) needs 625000 bytes");
  }

  @Test
  void varintIndexPastTheSizeIsNamed() {
    ByteWriter out = new ByteWriter();
    out.u8(DeltaVarintIndexCodec.TAG);
    for (int i = 0; i < 7; i++) {
      out.varint(0);
    }
    out.varint(4100 - 7); // index 7 = 4100
    out.varint(0).varint(0);
    assertThatThrownBy(() -> IndexCoding.read(new ByteReader(out.toByteArray()), 10, 4096))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("index 7 of 10 (4100) is past the tensor size 4096");
  }

  @Test
  void varintGapsThatWouldOverflowAnIntArePastTheSize() {
    ByteWriter out = new ByteWriter().u8(2).varint(Integer.MAX_VALUE - 1).varint(Integer.MAX_VALUE);
    assertThatThrownBy(
            () -> IndexCoding.read(new ByteReader(out.toByteArray()), 2, Integer.MAX_VALUE))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("index 1 of 2 (4294967294) is past the tensor size");
  }

  @Test
  void varintRejectsOverlongEncodings() {
    assertThatThrownBy(() -> IndexCoding.read(new ByteReader(bytes(2, 0x81, 0x00)), 1, 10))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("overlong");
  }

  @Test
  void varintCountTheInputCannotHoldFailsBeforeDecoding() {
    assertThatThrownBy(() -> IndexCoding.read(new ByteReader(bytes(2, 0, 0)), 500_000, 1_000_000))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("needs 500000 bytes but only 2 are left");
  }

  @Test
  void bitmapRejectsAWrongPopcount() {
    assertThatThrownBy(() -> IndexCoding.read(new ByteReader(bytes(1, 0b1011, 0)), 2, 16))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("3 set bits but the index count is 2");
  }

  @Test
  void bitmapRejectsABitPastTheSize() {
    assertThatThrownBy(() -> IndexCoding.read(new ByteReader(bytes(1, 0, 0b0100_0001)), 2, 13))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("(14) is past the tensor size 13");
  }

  @Test
  void bitmapReadsWordsAndTail() {
    int[] idx = {0, 5, 63, 64, 127, 128, 200, 201};
    ByteWriter out = new ByteWriter();
    BitmapIndexCodec.INSTANCE.write(idx, idx.length, 202, out);
    assertThat(out.position()).isEqualTo(26);
    assertThat(BitmapIndexCodec.INSTANCE.read(new ByteReader(out.toByteArray()), 8, 202))
        .containsExactly(idx);
  }

  @Test
  void unknownTagIsNamed() {
    assertThatThrownBy(() -> IndexCoding.read(new ByteReader(bytes(9)), 0, 0))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("index codec tag (9)");
  }

  @Test
  void countAboveSizeIsRejected() {
    for (IndexCodec c : IndexCoding.codecs()) {
      assertThatThrownBy(() -> c.read(new ByteReader(new byte[64]), 11, 10))
          .isInstanceOf(CodecException.class)
          .hasMessageContaining("index count (11)");
    }
  }

  @Test
  void encoderRejectsUnsortedOrOutOfRangeIndices() {
    for (IndexCodec c : IndexCoding.codecs()) {
      assertThatThrownBy(() -> c.write(new int[] {3, 3}, 2, 10, new ByteWriter()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> c.write(new int[] {3, 10}, 2, 10, new ByteWriter()))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void tokensAndTagsRoundTrip() {
    for (IndexCodec c : IndexCoding.codecs()) {
      assertThat(IndexCoding.parse(c.toString())).isEqualTo(c);
      assertThat(IndexCoding.forTag(c.tag())).isEqualTo(c);
    }
    assertThat(IndexCoding.codecs())
        .extracting(Object::toString)
        .containsExactly("Bitmap", "Varint", "Rice");
    assertThatThrownBy(() -> IndexCoding.parse("Golomb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Bitmap, Varint, Rice");
  }
}
