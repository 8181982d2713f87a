package io.fleetlearn.compression.coding;

import io.fleetlearn.compression.CodecException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads an LSB-first bit stream (as written by {@link BitWriter}) from untrusted bytes. Reads fetch
 * a 64-bit little-endian word at a time, so a unary run or a field costs a couple of word loads,
 * not a call per bit. Every read checks the bit limit and fails with a {@link CodecException}
 * naming the field; a unary read takes a maximum so that a hostile run of ones fails as soon as it
 * exceeds what the caller can accept, after at most {@code max / 57 + 1} word loads.
 */
public final class BitReader {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] buf;
  private final int off;
  private final int end;
  private final long bitLimit;
  private long bitPos;

  /** A reader over {@code buf[off, off+len)}. */
  public BitReader(byte[] buf, int off, int len) {
    if (off < 0 || len < 0 || (long) off + len > buf.length) {
      throw new IllegalArgumentException(
          "range [" + off + ", " + off + "+" + len + ") is outside an array of " + buf.length);
    }
    this.buf = buf;
    this.off = off;
    this.end = off + len;
    this.bitLimit = 8L * len;
  }

  /** Bits consumed so far. */
  public long bitPosition() {
    return bitPos;
  }

  /** Bits left before the end of the range. */
  public long bitsRemaining() {
    return bitLimit - bitPos;
  }

  /** Whole bytes touched so far (a partially read byte counts). */
  public int bytesConsumed() {
    return (int) ((bitPos + 7) >>> 3);
  }

  /**
   * The next 64 bits from the current position; only the low {@code 64 - (bitPos & 7)} are
   * meaningful, and bits past the end of the range read as zero.
   */
  private long peek() {
    int at = off + (int) (bitPos >>> 3);
    int shift = (int) (bitPos & 7);
    if (at + 8 <= end) {
      return (long) LONG.get(buf, at) >>> shift;
    }
    long w = 0;
    for (int i = 0; at + i < end; i++) {
      w |= (long) (buf[at + i] & 0xFF) << (8 * i);
    }
    return w >>> shift;
  }

  /** Reads {@code n} bits, {@code n} in [0, 32], as an unsigned value. */
  public long readBits(int n, String what) {
    if (n < 0 || n > 32) {
      throw new IllegalArgumentException("bit count (" + n + ") must be in [0, 32]");
    }
    if (n > bitLimit - bitPos) {
      throw truncated(what, n);
    }
    if (n == 0) {
      return 0;
    }
    long v = peek() & (-1L >>> (64 - n));
    bitPos += n;
    return v;
  }

  /**
   * Reads a unary value (ones ended by a zero) that must not exceed {@code max}; fails as soon as
   * the run of ones passes {@code max} or the end of the input.
   */
  public long readUnary(long max, String what) {
    long q = 0;
    while (true) {
      int valid = 64 - (int) (bitPos & 7);
      long w = peek();
      int z = Long.numberOfTrailingZeros(~w);
      if (z < valid) {
        q += z;
        if (q > max) {
          throw new CodecException(what + " is a unary run of " + q + " above its maximum " + max);
        }
        if (z + 1 > bitLimit - bitPos) {
          throw truncated(what, z + 1);
        }
        bitPos += z + 1;
        return q;
      }
      q += valid;
      bitPos += valid;
      if (q > max) {
        throw new CodecException(what + " is a unary run of " + q + " above its maximum " + max);
      }
      if (bitPos > bitLimit) {
        throw truncated(what, 1);
      }
    }
  }

  /**
   * Reads a Rice code: a unary quotient of at most {@code maxQuotient} then {@code k} low bits
   * ({@code k} in [0, 31]). One word load when the code fits in it, which is the common case.
   */
  public long readRice(int k, long maxQuotient, String what) {
    int valid = 64 - (int) (bitPos & 7);
    long w = peek();
    int z = Long.numberOfTrailingZeros(~w);
    int len = z + 1 + k;
    if (len <= valid && z <= maxQuotient && len <= bitLimit - bitPos) {
      // len <= 64 and k >= 1 imply z + 1 <= 63, so the shift below is a real one.
      long r = k == 0 ? 0 : (w >>> (z + 1)) & ((1L << k) - 1);
      bitPos += len;
      return ((long) z << k) | r;
    }
    long q = readUnary(maxQuotient, what + " quotient");
    return (q << k) | readBits(k, what + " remainder");
  }

  /** Fails unless the unread bits of the current byte (the padding) are all zero. */
  public void expectZeroPadding(String what) {
    int used = (int) (bitPos & 7);
    if (used != 0) {
      int last = buf[off + (int) (bitPos >>> 3)] & 0xFF;
      if ((last >>> used) != 0) {
        throw new CodecException(what + " has non-zero padding bits after its last value");
      }
    }
  }

  private CodecException truncated(String what, int n) {
    return new CodecException(
        what
            + " needs "
            + n
            + " bits but only "
            + Math.max(0, bitLimit - bitPos)
            + " are left at bit "
            + bitPos);
  }
}
