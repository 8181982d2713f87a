package io.fleetlearn.compression.coding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Packs unsigned codes of {@code bits} bits (1 to 16) into bytes, first code in the lowest bits of
 * the first byte (little-endian bit order), with no padding between codes; the last byte is
 * zero-padded. {@code n} codes take {@link #packedBytes(int, int)} bytes exactly.
 *
 * <p>Widths 1, 2, 4 and 8 have byte-aligned fast paths: they are what quantizers use. Other widths
 * move 32 bits at a time through a 64-bit reservoir. No path divides per element.
 */
public final class BitPacking {
  public static final int MAX_BITS = 16;

  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private BitPacking() {}

  /** Bytes taken by {@code n} codes of {@code bits} bits. */
  public static int packedBytes(int n, int bits) {
    checkBits(bits);
    return (int) (((long) n * bits + 7) >>> 3);
  }

  /**
   * Packs {@code codes[off..off+n)} into {@code dst[dstOff..dstOff+packedBytes(n, bits))}. Each
   * code should be in {@code [0, 2^bits)}; higher bits are masked off so that they cannot corrupt
   * neighbours. Bytes outside that range of {@code dst} are not touched.
   */
  public static void pack(int[] codes, int off, int n, int bits, byte[] dst, int dstOff) {
    checkBits(bits);
    Objects.checkFromIndexSize(off, n, codes.length);
    int bytes = packedBytes(n, bits);
    Objects.checkFromIndexSize(dstOff, bytes, dst.length);
    switch (bits) {
      case 8 -> {
        for (int i = 0; i < n; i++) {
          dst[dstOff + i] = (byte) codes[off + i];
        }
      }
      case 4 -> {
        int full = n >>> 1;
        for (int b = 0; b < full; b++) {
          int p = off + (b << 1);
          dst[dstOff + b] = (byte) ((codes[p] & 0xF) | (codes[p + 1] & 0xF) << 4);
        }
        if ((n & 1) != 0) {
          dst[dstOff + full] = (byte) (codes[off + n - 1] & 0xF);
        }
      }
      case 2 -> {
        int full = n >>> 2;
        for (int b = 0; b < full; b++) {
          int p = off + (b << 2);
          dst[dstOff + b] =
              (byte)
                  ((codes[p] & 3)
                      | (codes[p + 1] & 3) << 2
                      | (codes[p + 2] & 3) << 4
                      | (codes[p + 3] & 3) << 6);
        }
        packTail(codes, off, n, full << 2, bits, dst, dstOff + full);
      }
      case 1 -> {
        int full = n >>> 3;
        for (int b = 0; b < full; b++) {
          int p = off + (b << 3);
          dst[dstOff + b] =
              (byte)
                  ((codes[p] & 1)
                      | (codes[p + 1] & 1) << 1
                      | (codes[p + 2] & 1) << 2
                      | (codes[p + 3] & 1) << 3
                      | (codes[p + 4] & 1) << 4
                      | (codes[p + 5] & 1) << 5
                      | (codes[p + 6] & 1) << 6
                      | (codes[p + 7] & 1) << 7);
        }
        packTail(codes, off, n, full << 3, bits, dst, dstOff + full);
      }
      default -> packGeneric(codes, off, n, bits, dst, dstOff);
    }
  }

  /** The last, partial byte of a byte-aligned width: codes {@code [from, n)}. */
  private static void packTail(
      int[] codes, int off, int n, int from, int bits, byte[] dst, int at) {
    if (from == n) {
      return;
    }
    int mask = (1 << bits) - 1;
    int acc = 0;
    for (int i = from, shift = 0; i < n; i++, shift += bits) {
      acc |= (codes[off + i] & mask) << shift;
    }
    dst[at] = (byte) acc;
  }

  private static void packGeneric(int[] codes, int off, int n, int bits, byte[] dst, int dstOff) {
    int mask = (1 << bits) - 1;
    // Fewer than 32 bits wait in acc between codes, so adding one (<= 16 bits) never overflows it.
    long acc = 0;
    int filled = 0;
    int o = dstOff;
    for (int i = 0; i < n; i++) {
      acc |= (long) (codes[off + i] & mask) << filled;
      filled += bits;
      if (filled >= 32) {
        INT.set(dst, o, (int) acc);
        o += 4;
        acc >>>= 32;
        filled -= 32;
      }
    }
    while (filled > 0) {
      dst[o++] = (byte) acc;
      acc >>>= 8;
      filled -= 8;
    }
  }

  /**
   * Unpacks {@code n} codes from {@code src[srcOff..srcOff+packedBytes(n, bits))} into {@code
   * dst[dstOff..]}. Reads no byte outside that range.
   */
  public static void unpack(byte[] src, int srcOff, int n, int bits, int[] dst, int dstOff) {
    checkBits(bits);
    int bytes = packedBytes(n, bits);
    Objects.checkFromIndexSize(srcOff, bytes, src.length);
    Objects.checkFromIndexSize(dstOff, n, dst.length);
    switch (bits) {
      case 8 -> {
        for (int i = 0; i < n; i++) {
          dst[dstOff + i] = src[srcOff + i] & 0xFF;
        }
      }
      case 4 -> {
        int full = n >>> 1;
        for (int b = 0; b < full; b++) {
          int v = src[srcOff + b];
          int d = dstOff + (b << 1);
          dst[d] = v & 0xF;
          dst[d + 1] = (v >>> 4) & 0xF;
        }
        if ((n & 1) != 0) {
          dst[dstOff + n - 1] = src[srcOff + full] & 0xF;
        }
      }
      case 2 -> {
        int full = n >>> 2;
        for (int b = 0; b < full; b++) {
          int v = src[srcOff + b];
          int d = dstOff + (b << 2);
          dst[d] = v & 3;
          dst[d + 1] = (v >>> 2) & 3;
          dst[d + 2] = (v >>> 4) & 3;
          dst[d + 3] = (v >>> 6) & 3;
        }
        unpackTail(src, srcOff + full, n, full << 2, bits, dst, dstOff);
      }
      case 1 -> {
        int full = n >>> 3;
        for (int b = 0; b < full; b++) {
          int v = src[srcOff + b];
          int d = dstOff + (b << 3);
          dst[d] = v & 1;
          dst[d + 1] = (v >>> 1) & 1;
          dst[d + 2] = (v >>> 2) & 1;
          dst[d + 3] = (v >>> 3) & 1;
          dst[d + 4] = (v >>> 4) & 1;
          dst[d + 5] = (v >>> 5) & 1;
          dst[d + 6] = (v >>> 6) & 1;
          dst[d + 7] = (v >>> 7) & 1;
        }
        unpackTail(src, srcOff + full, n, full << 3, bits, dst, dstOff);
      }
      default -> unpackGeneric(src, srcOff, bytes, n, bits, dst, dstOff);
    }
  }

  private static void unpackTail(
      byte[] src, int at, int n, int from, int bits, int[] dst, int dstOff) {
    if (from == n) {
      return;
    }
    int mask = (1 << bits) - 1;
    int v = src[at] & 0xFF;
    for (int i = from, shift = 0; i < n; i++, shift += bits) {
      dst[dstOff + i] = (v >>> shift) & mask;
    }
  }

  private static void unpackGeneric(
      byte[] src, int srcOff, int bytes, int n, int bits, int[] dst, int dstOff) {
    int mask = (1 << bits) - 1;
    int end = srcOff + bytes;
    // acc holds fewer than `bits` (<= 16) bits when refilled, so 32 more always fit.
    long acc = 0;
    int filled = 0;
    int s = srcOff;
    for (int i = 0; i < n; i++) {
      if (filled < bits) {
        if (s + 4 <= end) {
          acc |= ((int) INT.get(src, s) & 0xFFFFFFFFL) << filled;
          s += 4;
          filled += 32;
        } else {
          // Near the end: byte by byte, never past the packed range.
          while (filled < bits) {
            acc |= (long) (src[s++] & 0xFF) << filled;
            filled += 8;
          }
        }
      }
      dst[dstOff + i] = (int) acc & mask;
      acc >>>= bits;
      filled -= bits;
    }
  }

  private static void checkBits(int bits) {
    if (bits < 1 || bits > MAX_BITS) {
      throw new IllegalArgumentException("bits (" + bits + ") must be in [1, " + MAX_BITS + "]");
    }
  }
}
