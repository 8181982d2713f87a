package io.fleetlearn.compression.coding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.CodecException;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BitIoTest {

  @Property(tries = 200)
  void fieldsAndUnaryRunsRoundTrip(@ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = rnd.nextInt(300);
    int[] widths = new int[n];
    long[] values = new long[n];
    boolean[] unary = new boolean[n];
    ByteWriter out = new ByteWriter();
    BitWriter w = new BitWriter(out);
    for (int i = 0; i < n; i++) {
      unary[i] = rnd.nextBoolean();
      if (unary[i]) {
        values[i] = rnd.nextInt(rnd.nextBoolean() ? 5 : 200);
        w.writeUnary(values[i]);
      } else {
        widths[i] = rnd.nextInt(33);
        values[i] = widths[i] == 0 ? 0 : rnd.nextLong() & (-1L >>> (64 - widths[i]));
        w.write(values[i], widths[i]);
      }
    }
    long bits = w.bitCount();
    w.finish();
    assertThat((long) out.position()).isEqualTo(BitWriter.bytesFor(bits));
    BitReader r = new BitReader(out.toByteArray(), 0, out.position());
    for (int i = 0; i < n; i++) {
      long v = unary[i] ? r.readUnary(Long.MAX_VALUE, "u") : r.readBits(widths[i], "f");
      assertThat(v).as("value %d", i).isEqualTo(values[i]);
    }
    assertThat(r.bitPosition()).isEqualTo(bits);
    r.expectZeroPadding("stream");
  }

  @Test
  void lsbFirstLayout() {
    ByteWriter out = new ByteWriter();
    BitWriter w = new BitWriter(out);
    w.write(1, 1);
    w.writeUnary(2); // 1, 1, 0
    w.write(0b101, 3);
    w.finish();
    assertThat(out.toByteArray()).containsExactly((byte) 0b0101_0111);
  }

  @Test
  void readsPastTheEndFail() {
    BitReader r = new BitReader(new byte[] {(byte) 0xFF}, 0, 1);
    assertThatThrownBy(() -> r.readBits(9, "field"))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("field needs 9 bits but only 8");
    assertThatThrownBy(() -> r.readUnary(1000, "run"))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("run");
  }

  @Test
  void unaryRunAboveItsMaximumFails() {
    BitReader r = new BitReader(new byte[] {(byte) 0xFF, 0}, 0, 2);
    assertThatThrownBy(() -> r.readUnary(7, "q"))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("q is a unary run of 8 above its maximum 7");
  }
}
