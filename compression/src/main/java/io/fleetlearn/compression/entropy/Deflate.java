package io.fleetlearn.compression.entropy;

import io.fleetlearn.compression.CodecException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Raw deflate (RFC 1951, no zlib header or checksum: the frame has its own CRC) from {@code
 * java.util.zip}. Token {@code Deflate} at the default level 6, {@code Deflate(n)} otherwise; tag
 * 1. Worst-case expansion is 5 bytes per 16 KB stored block plus a few bytes.
 *
 * @param level 1 (fastest) to 9 (smallest)
 */
public record Deflate(int level) implements EntropyCodec {
  public static final byte TAG = 1;
  public static final int DEFAULT_LEVEL = 6;

  public Deflate {
    if (level < 1 || level > 9) {
      throw new IllegalArgumentException("Deflate level (" + level + ") must be in [1, 9]");
    }
  }

  /** Deflate at the default level. */
  public Deflate() {
    this(DEFAULT_LEVEL);
  }

  @Override
  public byte tag() {
    return TAG;
  }

  @Override
  public byte[] compress(byte[] src, int off, int len) {
    Deflater d = new Deflater(level, true);
    try {
      d.setInput(src, off, len);
      d.finish();
      byte[] out = new byte[Math.max(64, len + (len >>> 12) * 5 + 64)];
      int n = 0;
      while (!d.finished()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        n += d.deflate(out, n, out.length - n);
      }
      return Arrays.copyOf(out, n);
    } finally {
      d.end();
    }
  }

  @Override
  public byte[] decompress(byte[] src, int off, int len, int rawLength) {
    if (rawLength < 0) {
      throw new CodecException("Deflate raw length (" + rawLength + ") is negative");
    }
    Inflater inf = new Inflater(true);
    try {
      inf.setInput(src, off, len);
      byte[] out = new byte[rawLength];
      int n = 0;
      int stalls = 0;
      while (n < rawLength && !inf.finished()) {
        int r = inf.inflate(out, n, rawLength - n);
        n += r;
        if (r == 0 && !inf.finished()) {
          if (inf.needsInput()) {
            throw new CodecException(
                "Deflate stream is truncated after " + n + " of " + rawLength + " bytes");
          }
          if (inf.needsDictionary()) {
            throw new CodecException("Deflate stream asks for a preset dictionary");
          }
          if (++stalls > 2) {
            throw new CodecException("Deflate stream makes no progress at byte " + n);
          }
        }
      }
      if (n < rawLength) {
        throw new CodecException(
            "Deflate stream ends after " + n + " bytes but its raw length is " + rawLength);
      }
      if (!inf.finished()) {
        // Output is full: one more byte out means the stream is longer than declared (a bomb).
        byte[] probe = new byte[1];
        for (int tries = 0; !inf.finished(); tries++) {
          if (inf.inflate(probe) > 0) {
            throw new CodecException(
                "Deflate stream inflates past its raw length of " + rawLength + " bytes");
          }
          if (inf.finished()) {
            break;
          }
          if (inf.needsInput() || inf.needsDictionary() || tries > 2) {
            throw new CodecException("Deflate stream is truncated: its final block is missing");
          }
        }
      }
      if (inf.getRemaining() != 0) {
        throw new CodecException(
            "Deflate stream has " + inf.getRemaining() + " unexpected trailing bytes");
      }
      return out;
    } catch (DataFormatException e) {
      throw new CodecException("Deflate stream is corrupt: " + e.getMessage(), e);
    } finally {
      inf.end();
    }
  }

  @Override
  public String toString() {
    return level == DEFAULT_LEVEL ? "Deflate" : "Deflate(" + level + ")";
  }
}
