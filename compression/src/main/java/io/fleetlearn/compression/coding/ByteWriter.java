package io.fleetlearn.compression.coding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable little-endian byte buffer for encoders. Not thread-safe; one per encode call.
 *
 * <p>Varints are unsigned LEB128 (7 bits a byte, low group first), as in Protocol Buffers.
 */
public final class ByteWriter {
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] buf;
  private int pos;

  public ByteWriter() {
    this(256);
  }

  public ByteWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Makes room for {@code n} more bytes. */
  public void ensure(int n) {
    long need = (long) pos + n;
    if (need > buf.length) {
      if (need > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("encoded output would exceed 2 GB");
      }
      buf =
          Arrays.copyOf(
              buf, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 8L, buf.length * 2L)));
    }
  }

  public int position() {
    return pos;
  }

  /** The backing array; valid bytes are {@code [0, position())}. */
  public byte[] array() {
    return buf;
  }

  /**
   * Reserves {@code n} bytes for the caller to fill in {@link #array()} from the returned offset,
   * e.g. by {@link BitPacking}.
   */
  public int reserve(int n) {
    ensure(n);
    int at = pos;
    pos += n;
    return at;
  }

  public ByteWriter u8(int v) {
    ensure(1);
    buf[pos++] = (byte) v;
    return this;
  }

  public ByteWriter u16(int v) {
    ensure(2);
    SHORT.set(buf, pos, (short) v);
    pos += 2;
    return this;
  }

  public ByteWriter i32(int v) {
    ensure(4);
    INT.set(buf, pos, v);
    pos += 4;
    return this;
  }

  /** Overwrites 4 bytes at an earlier position, e.g. a length known only after the body. */
  public void i32At(int at, int v) {
    INT.set(buf, at, v);
  }

  public ByteWriter i64(long v) {
    ensure(8);
    LONG.set(buf, pos, v);
    pos += 8;
    return this;
  }

  public ByteWriter f32(float v) {
    return i32(Float.floatToRawIntBits(v));
  }

  public ByteWriter f64(double v) {
    return i64(Double.doubleToRawLongBits(v));
  }

  /** Unsigned LEB128 of a non-negative int (1 to 5 bytes). */
  public ByteWriter varint(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("varint (" + v + ") must be >= 0");
    }
    ensure(5);
    while ((v & ~0x7F) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
    return this;
  }

  /** Unsigned LEB128 of a non-negative long (1 to 9 bytes for our range). */
  public ByteWriter varlong(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("varlong (" + v + ") must be >= 0");
    }
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
    return this;
  }

  public ByteWriter bytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
    return this;
  }

  public ByteWriter bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  /** A varint byte length, then the UTF-8 bytes. */
  public ByteWriter string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(b.length);
    return bytes(b);
  }

  /** {@code n} floats as little-endian IEEE binary32. */
  public ByteWriter floats(float[] src, int off, int n) {
    ensure(4 * n);
    for (int i = 0; i < n; i++) {
      INT.set(buf, pos, Float.floatToRawIntBits(src[off + i]));
      pos += 4;
    }
    return this;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  /** Number of bytes {@link #varint(int)} writes for {@code v}. */
  public static int varintSize(int v) {
    return v < 0 ? 5 : (31 - Integer.numberOfLeadingZeros(v | 1)) / 7 + 1;
  }
}
