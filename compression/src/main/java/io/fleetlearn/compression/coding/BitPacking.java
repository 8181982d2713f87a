package io.fleetlearn.compression.coding;

/**
 * Packs unsigned codes of {@code bits} bits (1 to 16) into bytes, first code in the lowest bits of
 * the first byte (little-endian bit order), with no padding between codes; the last byte is
 * zero-padded. {@code n} codes take {@link #packedBytes(int, int)} bytes exactly.
 *
 * <p>Widths 1, 2, 4 and 8 have byte-aligned fast paths: they are what quantizers use.
 */
public final class BitPacking {
  public static final int MAX_BITS = 16;

  private BitPacking() {}

  public static int packedBytes(int n, int bits) {
    checkBits(bits);
    return (int) (((long) n * bits + 7) >>> 3);
  }

  /** Packs {@code codes[off..off+n)}, each in {@code [0, 2^bits)}, into {@code dst[dstOff..]}. */
  public static void pack(int[] codes, int off, int n, int bits, byte[] dst, int dstOff) {
    checkBits(bits);
    if (bits == 8) {
      for (int i = 0; i < n; i++) {
        dst[dstOff + i] = (byte) codes[off + i];
      }
      return;
    }
    if (8 % bits == 0) {
      int perByte = 8 / bits;
      int full = n / perByte;
      int p = off;
      for (int b = 0; b < full; b++) {
        int acc = 0;
        for (int j = 0; j < perByte; j++) {
          acc |= codes[p++] << (j * bits);
        }
        dst[dstOff + b] = (byte) acc;
      }
      int rest = n - full * perByte;
      if (rest > 0) {
        int acc = 0;
        for (int j = 0; j < rest; j++) {
          acc |= codes[p++] << (j * bits);
        }
        dst[dstOff + full] = (byte) acc;
      }
      return;
    }
    long acc = 0;
    int filled = 0;
    int o = dstOff;
    for (int i = 0; i < n; i++) {
      acc |= (long) codes[off + i] << filled;
      filled += bits;
      while (filled >= 8) {
        dst[o++] = (byte) acc;
        acc >>>= 8;
        filled -= 8;
      }
    }
    if (filled > 0) {
      dst[o] = (byte) acc;
    }
  }

  /** Unpacks {@code n} codes from {@code src[srcOff..]} into {@code dst[dstOff..]}. */
  public static void unpack(byte[] src, int srcOff, int n, int bits, int[] dst, int dstOff) {
    checkBits(bits);
    if (bits == 8) {
      for (int i = 0; i < n; i++) {
        dst[dstOff + i] = src[srcOff + i] & 0xFF;
      }
      return;
    }
    int mask = (1 << bits) - 1;
    if (8 % bits == 0) {
      int perByte = 8 / bits;
      for (int i = 0; i < n; i++) {
        int b = src[srcOff + i / perByte] & 0xFF;
        dst[dstOff + i] = (b >>> ((i % perByte) * bits)) & mask;
      }
      return;
    }
    long acc = 0;
    int filled = 0;
    int s = srcOff;
    for (int i = 0; i < n; i++) {
      while (filled < bits) {
        acc |= (long) (src[s++] & 0xFF) << filled;
        filled += 8;
      }
      dst[dstOff + i] = (int) (acc & mask);
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
