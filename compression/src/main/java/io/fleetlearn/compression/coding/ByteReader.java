package io.fleetlearn.compression.coding;

import io.fleetlearn.compression.CodecException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked little-endian reader over untrusted bytes. Every read checks the bytes left
 * first and fails with a {@link CodecException} that names the field being read, so that no decoder
 * can run past its input or allocate from a length it has not checked.
 */
public final class ByteReader {
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] buf;
  private final int end;
  private int pos;

  public ByteReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public ByteReader(byte[] buf, int off, int len) {
    if (off < 0 || len < 0 || (long) off + len > buf.length) {
      throw new IllegalArgumentException(
          "range [" + off + ", " + off + "+" + len + ") is outside an array of " + buf.length);
    }
    this.buf = buf;
    this.pos = off;
    this.end = off + len;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return end - pos;
  }

  /** The backing array, for bulk decoders that have called {@link #skip} for their range. */
  public byte[] array() {
    return buf;
  }

  /** Fails unless {@code n} bytes are left for {@code what}. */
  public void require(long n, String what) {
    if (n < 0 || n > end - pos) {
      throw new CodecException(
          what + " needs " + n + " bytes but only " + (end - pos) + " are left at offset " + pos);
    }
  }

  /** Advances over {@code n} bytes after checking they exist; returns where they start. */
  public int skip(int n, String what) {
    require(n, what);
    int at = pos;
    pos += n;
    return at;
  }

  /** Fails unless every byte has been consumed: trailing garbage is a malformed frame. */
  public void expectEnd(String what) {
    if (pos != end) {
      throw new CodecException(what + " has " + (end - pos) + " unexpected trailing bytes");
    }
  }

  public int u8(String what) {
    require(1, what);
    return buf[pos++] & 0xFF;
  }

  public int u16(String what) {
    require(2, what);
    int v = (short) SHORT.get(buf, pos) & 0xFFFF;
    pos += 2;
    return v;
  }

  public int i32(String what) {
    require(4, what);
    int v = (int) INT.get(buf, pos);
    pos += 4;
    return v;
  }

  public long i64(String what) {
    require(8, what);
    long v = (long) LONG.get(buf, pos);
    pos += 8;
    return v;
  }

  public float f32(String what) {
    return Float.intBitsToFloat(i32(what));
  }

  public double f64(String what) {
    return Double.longBitsToDouble(i64(what));
  }

  /** An unsigned LEB128 int; fails on overlong or negative encodings. */
  public int varint(String what) {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = u8(what);
      v |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (v < 0 || (shift == 28 && (b & 0x70) != 0)) {
          throw new CodecException(what + " is a varint above " + Integer.MAX_VALUE);
        }
        return v;
      }
    }
    throw new CodecException(what + " is a varint longer than 5 bytes");
  }

  /** An unsigned LEB128 long below 2^63. */
  public long varlong(String what) {
    long v = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      int b = u8(what);
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new CodecException(what + " is a varint longer than 9 bytes");
  }

  /** A varint that must lie in {@code [min, max]}. */
  public int varint(String what, int min, int max) {
    int v = varint(what);
    if (v < min || v > max) {
      throw new CodecException(what + " (" + v + ") must be in [" + min + ", " + max + "]");
    }
    return v;
  }

  /** A varint-length UTF-8 string of at most {@code maxBytes} bytes; malformed UTF-8 fails. */
  public String string(String what, int maxBytes) {
    int n = varint(what + " length", 0, maxBytes);
    require(n, what);
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(buf, pos, n))
              .toString();
      pos += n;
      return s;
    } catch (CharacterCodingException e) {
      throw new CodecException(what + " is not valid UTF-8", e);
    }
  }

  /** Reads {@code n} little-endian floats into {@code dst[off..]}. */
  public void floats(float[] dst, int off, int n, String what) {
    require(4L * n, what);
    for (int i = 0; i < n; i++) {
      dst[off + i] = Float.intBitsToFloat((int) INT.get(buf, pos));
      pos += 4;
    }
  }
}
