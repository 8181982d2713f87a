package io.fleetlearn.compression.quant;

import io.fleetlearn.compression.CodecException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Shared pieces of the quantizers: group bound checks, float access to byte arrays, and the packed
 * code loops for 4 and 2 bits that read and write codes straight from and to the payload bytes.
 *
 * <p>Codes of one run are packed back to back across groups (a group may start mid-byte), first
 * code in the low bits, last byte zero-padded: the layout of {@link
 * io.fleetlearn.compression.coding.BitPacking}.
 */
final class QuantSupport {
  static final VarHandle F32 =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  static final VarHandle I16 =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private QuantSupport() {}

  /** Number of groups in encoder-side {@code bounds}; a bad argument is a caller bug. */
  static int encodeGroups(int[] bounds, int len) {
    String error = boundsError(bounds, len);
    if (error != null) {
      throw new IllegalArgumentException(error);
    }
    return bounds.length - 1;
  }

  /**
   * Number of groups in decoder-side {@code bounds}: these may derive from decoded indices, so a
   * bad one is a bad frame.
   */
  static int decodeGroups(int[] bounds, int len, Object codec) {
    if (len < 0) {
      throw new CodecException(codec + " value count (" + len + ") must be >= 0");
    }
    String error = boundsError(bounds, len);
    if (error != null) {
      throw new CodecException(codec + " " + error);
    }
    return bounds.length - 1;
  }

  private static String boundsError(int[] bounds, int len) {
    if (len < 0) {
      return "value count (" + len + ") must be >= 0";
    }
    if (bounds == null || bounds.length < 2) {
      return "group bounds must hold at least {0, len}, got "
          + (bounds == null ? "null" : bounds.length + " entries");
    }
    if (bounds[0] != 0) {
      return "group bounds[0] (" + bounds[0] + ") must be 0";
    }
    int last = bounds.length - 1;
    if (bounds[last] != len) {
      return "group bounds[" + last + "] (" + bounds[last] + ") must equal len (" + len + ")";
    }
    for (int g = 1; g < last; g++) {
      if (bounds[g] < bounds[g - 1]) {
        return "group bounds[" + g + "] (" + bounds[g] + ") is below bounds[" + (g - 1) + "]";
      }
    }
    if (bounds[last] < bounds[last - 1]) {
      return "group bounds[" + last + "] (" + len + ") is below bounds[" + (last - 1) + "]";
    }
    return null;
  }

  static void checkPayloadArgs(long len, int groups) {
    if (len < 0) {
      throw new IllegalArgumentException("len (" + len + ") must be >= 0");
    }
    if (groups < 1) {
      throw new IllegalArgumentException("groups (" + groups + ") must be >= 1");
    }
  }

  /** Reserve size for an encoder, refusing payloads a byte array cannot hold. */
  static int checkedSize(long size, Object codec) {
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(codec + " payload of " + size + " bytes exceeds 2 GB");
    }
    return (int) size;
  }

  /** The index of the first non-finite value in {@code src[from, to)}, for error messages. */
  static IllegalArgumentException nonFinite(Object codec, float[] src, int off, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Float.isFinite(src[i])) {
        return new IllegalArgumentException(
            codec + " cannot encode the non-finite value " + src[i] + " at index " + (i - off));
      }
    }
    throw new AssertionError("no non-finite value in [" + from + ", " + to + ")");
  }

  static float f32(byte[] buf, int at) {
    return (float) F32.get(buf, at);
  }

  static void putF32(byte[] buf, int at, float v) {
    F32.set(buf, at, v);
  }

  /** Fails unless the unused high bits of the last code byte are zero: one valid encoding only. */
  static void checkPadding(byte[] buf, int codesAt, int len, int bits, Object codec) {
    int usedBits = (int) (((long) len * bits) & 7);
    if (usedBits != 0) {
      int last = buf[codesAt + (int) (((long) len * bits) >>> 3)] & 0xFF;
      if ((last >>> usedBits) != 0) {
        throw new CodecException(
            codec + " code padding bits must be zero, last code byte is 0x" + hex(last));
      }
    }
  }

  static String hex(int b) {
    return String.format("%02x", b);
  }

  // ----- 4-bit codes: two per byte, even index in the low nibble.

  /** Packs 4-bit codes {@code codes[0, n)} (each < 16) into {@code dst[at..]}. */
  static void pack4(byte[] codes, int n, byte[] dst, int at) {
    int pairs = n >>> 1;
    for (int k = 0; k < pairs; k++) {
      dst[at + k] = (byte) (codes[2 * k] | codes[2 * k + 1] << 4);
    }
    if ((n & 1) != 0) {
      dst[at + pairs] = codes[n - 1];
    }
  }

  /** Decodes codes {@code [a, e)} of the run through {@code table} into {@code dst[dOff+a..]}. */
  static void decode4(byte[] buf, int codesAt, int a, int e, float[] table, float[] dst, int dOff) {
    int i = a;
    if ((i & 1) != 0 && i < e) {
      dst[dOff + i] = table[(buf[codesAt + (i >>> 1)] >>> 4) & 0xF];
      i++;
    }
    int pairs = (e - i) >>> 1;
    int p = codesAt + (i >>> 1);
    int d = dOff + i;
    for (int k = 0; k < pairs; k++) {
      int b = buf[p + k];
      dst[d + 2 * k] = table[b & 0xF];
      dst[d + 2 * k + 1] = table[(b >>> 4) & 0xF];
    }
    i += pairs << 1;
    if (i < e) {
      dst[dOff + i] = table[buf[codesAt + (i >>> 1)] & 0xF];
    }
  }

  // ----- 2-bit codes: four per byte, lowest index in the lowest bits.

  /** Packs 2-bit codes {@code codes[0, n)} (each < 4) into {@code dst[at..]}. */
  static void pack2(byte[] codes, int n, byte[] dst, int at) {
    int quads = n >>> 2;
    for (int k = 0; k < quads; k++) {
      int c = 4 * k;
      dst[at + k] = (byte) (codes[c] | codes[c + 1] << 2 | codes[c + 2] << 4 | codes[c + 3] << 6);
    }
    int acc = 0;
    for (int i = quads << 2, shift = 0; i < n; i++, shift += 2) {
      acc |= codes[i] << shift;
    }
    if ((n & 3) != 0) {
      dst[at + quads] = (byte) acc;
    }
  }

  /** Decodes codes {@code [a, e)} of the run through {@code table} into {@code dst[dOff+a..]}. */
  static void decode2(byte[] buf, int codesAt, int a, int e, float[] table, float[] dst, int dOff) {
    int i = a;
    while ((i & 3) != 0 && i < e) {
      dst[dOff + i] = table[(buf[codesAt + (i >>> 2)] >>> ((i & 3) << 1)) & 3];
      i++;
    }
    int quads = (e - i) >>> 2;
    int p = codesAt + (i >>> 2);
    int d = dOff + i;
    for (int k = 0; k < quads; k++) {
      int b = buf[p + k];
      int o = d + 4 * k;
      dst[o] = table[b & 3];
      dst[o + 1] = table[(b >>> 2) & 3];
      dst[o + 2] = table[(b >>> 4) & 3];
      dst[o + 3] = table[(b >>> 6) & 3];
    }
    i += quads << 2;
    for (; i < e; i++) {
      dst[dOff + i] = table[(buf[codesAt + (i >>> 2)] >>> ((i & 3) << 1)) & 3];
    }
  }

  /**
   * Index of the first code equal to {@code bad} among {@code n} packed codes of {@code bits} (2, 4
   * or 8) bits, or -1. Scans whole bytes with no per-code branch; only a hit is located exactly.
   */
  static int findCode(byte[] buf, int codesAt, int n, int bits, int bad) {
    int perByte = 8 / bits;
    int full = (int) (((long) n * bits) >>> 3);
    int mask = (1 << bits) - 1;
    // A byte holding `bad` in every slot; XOR turns matching slots into zero slots.
    int pattern = 0;
    for (int s = 0; s < perByte; s++) {
      pattern |= bad << (s * bits);
    }
    int hit = 0;
    for (int k = 0; k < full && hit == 0; k += 64) {
      int stop = Math.min(full, k + 64);
      for (int j = k; j < stop; j++) {
        hit |= hasZeroSlot((buf[codesAt + j] & 0xFF) ^ pattern, bits);
      }
      if (hit != 0) {
        for (int j = k; j < stop; j++) {
          int v = (buf[codesAt + j] & 0xFF) ^ pattern;
          for (int s = 0; s < perByte; s++) {
            if (((v >>> (s * bits)) & mask) == 0) {
              return j * perByte + s;
            }
          }
        }
      }
    }
    for (int i = full * perByte; i < n; i++) {
      int c = (buf[codesAt + (i / perByte)] >>> ((i % perByte) * bits)) & mask;
      if (c == bad) {
        return i;
      }
    }
    return -1;
  }

  /** 1 if some {@code bits}-wide slot of byte {@code v} is zero, else 0. */
  private static int hasZeroSlot(int v, int bits) {
    switch (bits) {
      case 8:
        return v == 0 ? 1 : 0;
      case 4:
        return ((v & 0x0F) == 0 || (v & 0xF0) == 0) ? 1 : 0;
      default:
        // A 2-bit slot is zero iff neither of its bits is set.
        return ((v | (v >>> 1)) & 0x55) != 0x55 ? 1 : 0;
    }
  }
}
