package io.fleetlearn.compression.coding;

/**
 * Writes a bit stream LSB-first (the first bit goes to the lowest bit of the first byte) into a
 * {@link ByteWriter}, buffering 64 bits at a time so that the hot loop writes whole words. Call
 * {@link #finish()} once at the end: it writes the last partial byte, zero-padded.
 */
public final class BitWriter {
  private final ByteWriter out;
  private long acc;
  private int filled;
  private long bits;

  /** A writer appending to {@code out}; nothing reaches it until 64 bits or {@link #finish()}. */
  public BitWriter(ByteWriter out) {
    this.out = out;
  }

  /** Writes the low {@code n} bits of {@code value}, {@code n} in [0, 32]. */
  public void write(long value, int n) {
    if (n < 0 || n > 32) {
      throw new IllegalArgumentException("bit count (" + n + ") must be in [0, 32]");
    }
    long v = n == 0 ? 0 : value & (-1L >>> (64 - n));
    acc |= v << filled;
    bits += n;
    int total = filled + n;
    if (total >= 64) {
      out.i64(acc);
      // filled >= 32 here, so the shift is in [1, 32] and keeps the bits that did not fit.
      acc = v >>> (64 - filled);
      filled = total - 64;
    } else {
      filled = total;
    }
  }

  /** Writes {@code q} one bits then a zero bit (unary code of {@code q}). */
  public void writeUnary(long q) {
    if (q < 0) {
      throw new IllegalArgumentException("unary value (" + q + ") must be >= 0");
    }
    while (q >= 32) {
      write(0xFFFF_FFFFL, 32);
      q -= 32;
    }
    // q ones then the terminating zero: at most 32 bits.
    write((1L << q) - 1, (int) q + 1);
  }

  /** Bits written so far. */
  public long bitCount() {
    return bits;
  }

  /** Writes the buffered bits, the last byte zero-padded; the writer must not be used after. */
  public void finish() {
    while (filled > 0) {
      out.u8((int) acc);
      acc >>>= 8;
      filled -= 8;
    }
    filled = 0;
    acc = 0;
  }

  /** Bytes a stream of {@code bits} bits takes once finished. */
  public static long bytesFor(long bits) {
    return (bits + 7) >>> 3;
  }
}
