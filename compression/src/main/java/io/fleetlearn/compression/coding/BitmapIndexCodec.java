package io.fleetlearn.compression.coding;

import io.fleetlearn.compression.CodecException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One bit per position, LSB-first: bit {@code i} (byte {@code i / 8}, bit {@code i % 8}) is set if
 * position {@code i} is kept. Always {@code ceil(size / 8)} bytes whatever the count, so it wins at
 * high density (above about 40%, where Rice is down to its k = 0 form, a truncated bitmap).
 * Decoding checks the number of set bits equals {@code count} and that no bit past {@code size} is
 * set.
 */
public record BitmapIndexCodec() implements IndexCodec {
  public static final BitmapIndexCodec INSTANCE = new BitmapIndexCodec();
  public static final int TAG = 1;

  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  @Override
  public int tag() {
    return TAG;
  }

  @Override
  public void write(int[] idx, int count, int size, ByteWriter out) {
    IndexChecks.checkSorted(idx, count, size);
    int n = (int) bytes(size);
    int at = out.reserve(n);
    byte[] buf = out.array();
    Arrays.fill(buf, at, at + n, (byte) 0);
    for (int i = 0; i < count; i++) {
      int v = idx[i];
      buf[at + (v >>> 3)] |= (byte) (1 << (v & 7));
    }
  }

  @Override
  public int[] read(ByteReader in, int count, int size) {
    IndexChecks.checkHeader(count, size, "Bitmap");
    int n = (int) bytes(size);
    int at = in.skip(n, "Bitmap index bits");
    byte[] buf = in.array();
    int words = n >>> 3;
    // Count first so that a wrong count fails before the index array is allocated.
    long set = 0;
    for (int w = 0; w < words; w++) {
      set += Long.bitCount((long) LONG.get(buf, at + 8 * w));
    }
    for (int b = words * 8; b < n; b++) {
      set += Integer.bitCount(buf[at + b] & 0xFF);
    }
    int tailBits = size & 7;
    if (tailBits != 0) {
      int high = (buf[at + n - 1] & 0xFF) >>> tailBits;
      if (high != 0) {
        long index = (long) (n - 1) * 8 + tailBits + Integer.numberOfTrailingZeros(high);
        throw new CodecException(
            "Bitmap index (" + index + ") is past the tensor size " + size + " in the last byte");
      }
    }
    if (set != count) {
      throw new CodecException("Bitmap has " + set + " set bits but the index count is " + count);
    }
    int[] idx = new int[count];
    int k = 0;
    for (int w = 0; w < words; w++) {
      long bits = (long) LONG.get(buf, at + 8 * w);
      while (bits != 0) {
        idx[k++] = (w << 6) + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
      }
    }
    for (int b = words * 8; b < n; b++) {
      int bits = buf[at + b] & 0xFF;
      while (bits != 0) {
        idx[k++] = (b << 3) + Integer.numberOfTrailingZeros(bits);
        bits &= bits - 1;
      }
    }
    return idx;
  }

  @Override
  public long bytes(int[] idx, int count, int size) {
    IndexChecks.checkSorted(idx, count, size);
    return bytes(size);
  }

  private static long bytes(int size) {
    return ((long) size + 7) >>> 3;
  }

  @Override
  public String toString() {
    return "Bitmap";
  }
}
