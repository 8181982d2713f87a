package io.fleetlearn.compression.coding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BitPackingProperties {

  @Property(tries = 300)
  void packThenUnpackReturnsTheCodesForEveryWidthLengthAndOffset(
      @ForAll @IntRange(min = 1, max = 16) int bits,
      @ForAll @IntRange(max = 5000) int n,
      @ForAll @IntRange(max = 9) int codeOff,
      @ForAll @IntRange(max = 9) int byteOff,
      @ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] codes = new int[codeOff + n + 3];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = rnd.nextInt(1 << bits);
    }
    int bytes = BitPacking.packedBytes(n, bits);
    byte[] packed = new byte[byteOff + bytes + 5];
    Arrays.fill(packed, (byte) 0x5A);

    BitPacking.pack(codes, codeOff, n, bits, packed, byteOff);

    assertThat(bytes).isEqualTo((int) (((long) n * bits + 7) / 8));
    for (int i = 0; i < byteOff; i++) {
      assertThat(packed[i]).as("byte before the range").isEqualTo((byte) 0x5A);
    }
    for (int i = byteOff + bytes; i < packed.length; i++) {
      assertThat(packed[i]).as("byte after the range").isEqualTo((byte) 0x5A);
    }
    assertThat(Arrays.copyOfRange(packed, byteOff, byteOff + bytes))
        .isEqualTo(referencePack(codes, codeOff, n, bits));

    int[] back = new int[n + 4];
    Arrays.fill(back, -1);
    BitPacking.unpack(packed, byteOff, n, bits, back, 2);
    assertThat(Arrays.copyOfRange(back, 2, 2 + n))
        .isEqualTo(Arrays.copyOfRange(codes, codeOff, codeOff + n));
    assertThat(back[0]).isEqualTo(-1);
    assertThat(back[n + 2]).isEqualTo(-1);
  }

  @Property(tries = 100)
  void unpackReadsOnlyThePackedRange(
      @ForAll @IntRange(min = 1, max = 16) int bits, @ForAll @IntRange(max = 300) int n) {
    int bytes = BitPacking.packedBytes(n, bits);
    byte[] exact = new byte[bytes];
    Arrays.fill(exact, (byte) 0xFF);
    int[] out = new int[n];
    BitPacking.unpack(exact, 0, n, bits, out, 0);
    int full = (1 << bits) - 1;
    assertThat(out).containsOnly(n == 0 ? new int[0] : new int[] {full});
  }

  @Test
  void packMasksCodesWiderThanTheWidth() {
    byte[] dst = new byte[2];
    BitPacking.pack(new int[] {0x1F, 0x10, 0x3}, 0, 3, 4, dst, 0);
    assertThat(dst).containsExactly((byte) 0x0F, (byte) 0x03);
  }

  @Test
  void rangesOutsideTheArraysAreRejected() {
    assertThatThrownBy(() -> BitPacking.unpack(new byte[1], 0, 3, 4, new int[3], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> BitPacking.pack(new int[3], 0, 3, 4, new byte[1], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> BitPacking.packedBytes(1, 17))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bits (17)");
  }

  /** Bit by bit: bit j of code i is bit (i * bits + j) of the stream, low bits first. */
  private static byte[] referencePack(int[] codes, int off, int n, int bits) {
    byte[] out = new byte[(int) (((long) n * bits + 7) / 8)];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < bits; j++) {
        if (((codes[off + i] >> j) & 1) != 0) {
          long pos = (long) i * bits + j;
          out[(int) (pos / 8)] |= (byte) (1 << (pos % 8));
        }
      }
    }
    return out;
  }
}
