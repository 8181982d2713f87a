package io.fleetlearn.compression.entropy;

import com.github.luben.zstd.ZstdException;
import io.fleetlearn.compression.CodecException;
import java.util.Arrays;

/**
 * Zstandard through zstd-jni: a single frame with its content size and no checksum (the frame has
 * its own CRC). Token {@code Zstd} at the default level 3, {@code Zstd(n)} otherwise; tag 2.
 * Decompression reads the declared content size first and refuses any other than the raw length,
 * then decodes into a buffer of exactly that size, so a bomb fails without allocating more.
 *
 * @param level 1 (fastest) to 22 (smallest, and slow)
 */
public record Zstd(int level) implements EntropyCodec {
  public static final byte TAG = 2;
  public static final int DEFAULT_LEVEL = 3;
  public static final int MAX_LEVEL = 22;

  public Zstd {
    if (level < 1 || level > MAX_LEVEL) {
      throw new IllegalArgumentException(
          "Zstd level (" + level + ") must be in [1, " + MAX_LEVEL + "]");
    }
  }

  /** Zstd at the default level. */
  public Zstd() {
    this(DEFAULT_LEVEL);
  }

  @Override
  public byte tag() {
    return TAG;
  }

  @Override
  public byte[] compress(byte[] src, int off, int len) {
    if (off < 0 || len < 0 || (long) off + len > src.length) {
      throw new IllegalArgumentException("range is outside the source array");
    }
    long bound = com.github.luben.zstd.Zstd.compressBound(len);
    if (bound > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Zstd input of " + len + " bytes is too large");
    }
    byte[] out = new byte[(int) bound];
    long n = com.github.luben.zstd.Zstd.compressByteArray(out, 0, out.length, src, off, len, level);
    if (com.github.luben.zstd.Zstd.isError(n)) {
      throw new IllegalStateException(
          "Zstd compression failed: " + com.github.luben.zstd.Zstd.getErrorName(n));
    }
    return Arrays.copyOf(out, (int) n);
  }

  @Override
  public byte[] decompress(byte[] src, int off, int len, int rawLength) {
    if (rawLength < 0) {
      throw new CodecException("Zstd raw length (" + rawLength + ") is negative");
    }
    if (off < 0 || len < 0 || (long) off + len > src.length) {
      throw new IllegalArgumentException("range is outside the source array");
    }
    if (len == 0) {
      // zstd-jni indexes the first byte of the source even when it is empty.
      throw new CodecException("Zstd frame is empty");
    }
    try {
      return decompressChecked(src, off, len, rawLength);
    } catch (ZstdException e) {
      // zstd-jni reports some errors as exceptions rather than error codes.
      throw new CodecException("Zstd frame is corrupt: " + e.getMessage(), e);
    }
  }

  private static byte[] decompressChecked(byte[] src, int off, int len, int rawLength) {
    long frame = com.github.luben.zstd.Zstd.findFrameCompressedSize(src, off, len);
    if (com.github.luben.zstd.Zstd.isError(frame)) {
      throw new CodecException(
          "Zstd frame is corrupt: " + com.github.luben.zstd.Zstd.getErrorName(frame));
    }
    if (frame != len) {
      throw new CodecException(
          "Zstd frame is " + frame + " bytes but the body has " + len + " (trailing bytes)");
    }
    long declared = com.github.luben.zstd.Zstd.getFrameContentSize(src, off, len);
    if (declared < 0) {
      throw new CodecException("Zstd frame does not declare its content size");
    }
    if (declared != rawLength) {
      throw new CodecException(
          "Zstd frame declares " + declared + " bytes but the raw length is " + rawLength);
    }
    byte[] out = new byte[rawLength];
    long n = com.github.luben.zstd.Zstd.decompressByteArray(out, 0, rawLength, src, off, len);
    if (com.github.luben.zstd.Zstd.isError(n)) {
      throw new CodecException(
          "Zstd frame is corrupt: " + com.github.luben.zstd.Zstd.getErrorName(n));
    }
    if (n != rawLength) {
      throw new CodecException(
          "Zstd frame decodes to " + n + " bytes but the raw length is " + rawLength);
    }
    return out;
  }

  @Override
  public String toString() {
    return level == DEFAULT_LEVEL ? "Zstd" : "Zstd(" + level + ")";
  }
}
