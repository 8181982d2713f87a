package io.fleetlearn.compression.sharing;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.coding.BitPacking;
import io.fleetlearn.compression.coding.ByteReader;
import io.fleetlearn.compression.coding.ByteWriter;
import io.fleetlearn.compression.quant.ValueCodec;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weight sharing by 1-D k-means (Deep Compression, Han et al. 2016): each group's values are
 * clustered into at most {@code 2^bits} shared values and each value is sent as the {@code
 * bits}-bit index of its nearest centroid. Token {@code KMeans(b)}, for {@code b} in 1..8.
 *
 * <p><b>Wire format.</b> Descriptor: u8 {@link #TAG}, u8 bits. Payload: for each group, exactly
 * {@code 2^bits} little-endian f32 centroids (a group with fewer distinct values than that pads
 * with its last centroid, an empty group with zeros), then the indices of all {@code len} values,
 * in order, {@link BitPacking packed} at {@code bits} bits with zero padding bits. Padding the
 * codebook makes the size exact from {@code (len, groups)} alone, {@code groups * 4 * 2^bits +
 * ceil(len * bits / 8)}, and makes every {@code bits}-bit index valid. The codebook costs {@code 4
 * * 2^bits} bytes a group: 1 KB at 8 bits, noise above a few thousand values.
 *
 * <p><b>Error.</b> Each value decodes to its nearest centroid (exact nearest, computed on the float
 * centroids). So a value between the smallest and largest centroid is off by at most half the
 * largest gap between adjacent centroids; a value outside them is off by at most its distance to
 * the end centroid. Centroids are cluster means, so they lie in {@code [min, max]} of the group and
 * the error is always at most {@code max - min}. Note that it is not at most {@code (max - min) /
 * 2}: with one centroid, the mean of {0, 1, 1, 1} is 0.75 away from 0. At a k-means fixed point the
 * mean squared error is at most that of uniform quantization with {@code 2^bits} levels in practice
 * (tested on Gaussian data), and 0 when a group has at most {@code 2^bits} distinct values.
 *
 * <p><b>Cost.</b> Encoding is {@code O(n)} for the radix sort, {@code O(n log 2^bits)} to assign,
 * plus k-means++ seeding over at most {@value KMeans1d#SEED_SAMPLE} points ({@code O(16384 *
 * 2^bits)}); decoding is a table look-up per value. Encoding is deterministic: without a generator,
 * seeding uses a fixed seed.
 */
public final class WeightSharing implements ValueCodec {
  /** The descriptor's tag byte. */
  public static final int TAG = 5;

  /** Seed of k-means++ when {@link #encode} is given no generator. */
  private static final long DEFAULT_SEED = 0x5A4E_D5EE_DL;

  /** Indices are (un)packed in chunks of this many: a multiple of 8, so chunks are byte-aligned. */
  private static final int CHUNK = 4096;

  private static final Pattern TOKEN = Pattern.compile("KMeans\\(\\s*(\\d{1,3})\\s*\\)");

  private final int bits;

  private WeightSharing(int bits) {
    this.bits = bits;
  }

  /** Sharing {@code 2^bits} values; {@code bits} in 1..8. */
  public static WeightSharing of(int bits) {
    if (bits < 1 || bits > 8) {
      throw new IllegalArgumentException("weight sharing bits (" + bits + ") must be in [1, 8]");
    }
    return new WeightSharing(bits);
  }

  /** Reads the parameters that follow the tag byte (which the caller has consumed). */
  public static WeightSharing fromDescriptor(ByteReader in) {
    int b = in.u8("weight sharing bits");
    if (b < 1 || b > 8) {
      throw new CodecException("weight sharing bits (" + b + ") must be in [1, 8]");
    }
    return new WeightSharing(b);
  }

  /** Parses {@code KMeans(b)}, the form {@link #toString()} gives. */
  public static WeightSharing parse(String token) {
    Matcher m = TOKEN.matcher(token.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "weight sharing token '" + token + "' is not of the form KMeans(b), b in 1..8");
    }
    return of(Integer.parseInt(m.group(1)));
  }

  public int bits() {
    return bits;
  }

  /** Shared values per group, {@code 2^bits}. */
  public int codebookSize() {
    return 1 << bits;
  }

  @Override
  public void writeDescriptor(ByteWriter out) {
    out.u8(TAG).u8(bits);
  }

  @Override
  public boolean perChannel() {
    return false;
  }

  @Override
  public void encode(
      float[] src, int off, int len, int[] bounds, RandomGenerator rng, ByteWriter out) {
    checkBounds(bounds, len);
    for (int i = 0; i < len; i++) {
      if (!Float.isFinite(src[off + i])) {
        throw new CodecException(
            "weight sharing input value "
                + i
                + " is "
                + src[off + i]
                + "; k-means needs finite values");
      }
    }
    RandomGenerator r = rng != null ? rng : new SplittableRandom(DEFAULT_SEED);
    int groups = bounds.length - 1;
    int size = codebookSize();
    Codebook[] books = new Codebook[groups];
    for (int g = 0; g < groups; g++) {
      int lo = bounds[g];
      int n = bounds[g + 1] - lo;
      float[] padded = new float[size];
      if (n > 0) {
        Codebook book =
            KMeans1d.codebook(src, off + lo, n, size, KMeans1d.DEFAULT_MAX_ITERATIONS, r);
        books[g] = book;
        float[] c = book.centroids();
        System.arraycopy(c, 0, padded, 0, c.length);
        Arrays.fill(padded, c.length, size, c[c.length - 1]);
      }
      out.floats(padded, 0, size);
    }
    int at = out.reserve(BitPacking.packedBytes(len, bits));
    byte[] dst = out.array();
    int[] codes = new int[Math.min(CHUNK, len)];
    int g = 0;
    for (int start = 0; start < len; start += CHUNK) {
      int n = Math.min(CHUNK, len - start);
      for (int i = 0; i < n; i++) {
        int idx = start + i;
        while (idx >= bounds[g + 1]) {
          g++;
        }
        codes[i] = books[g].nearest(src[off + idx]);
      }
      BitPacking.pack(codes, 0, n, bits, dst, at + start / 8 * bits);
    }
  }

  @Override
  public void decode(ByteReader in, float[] dst, int off, int len, int[] bounds) {
    checkBounds(bounds, len);
    int groups = bounds.length - 1;
    int size = codebookSize();
    in.require(payloadBytes(len, groups), "weight sharing payload");
    float[] books = new float[groups * size];
    in.floats(books, 0, books.length, "weight sharing codebook");
    for (int i = 0; i < books.length; i++) {
      if (!Float.isFinite(books[i])) {
        throw new CodecException(
            "weight sharing centroid "
                + (i % size)
                + " of group "
                + (i / size)
                + " is "
                + books[i]
                + "; centroids must be finite");
      }
    }
    int packed = BitPacking.packedBytes(len, bits);
    int at = in.skip(packed, "weight sharing indices");
    byte[] src = in.array();
    int usedBits = (int) ((long) len * bits % 8);
    if (usedBits != 0 && (src[at + packed - 1] & 0xFF) >>> usedBits != 0) {
      throw new CodecException("weight sharing index padding bits are not zero");
    }
    // b-bit indices cannot exceed the 2^b-entry codebook, so no index check is needed.
    int[] codes = new int[Math.min(CHUNK, len)];
    int g = 0;
    for (int start = 0; start < len; start += CHUNK) {
      int n = Math.min(CHUNK, len - start);
      BitPacking.unpack(src, at + start / 8 * bits, n, bits, codes, 0);
      for (int i = 0; i < n; i++) {
        int idx = start + i;
        while (idx >= bounds[g + 1]) {
          g++;
        }
        dst[off + idx] = books[g * size + codes[i]];
      }
    }
  }

  @Override
  public long payloadBytes(int len, int groups) {
    return (long) groups * 4 * codebookSize() + BitPacking.packedBytes(len, bits);
  }

  private static void checkBounds(int[] bounds, int len) {
    if (bounds.length < 2 || bounds[0] != 0 || bounds[bounds.length - 1] != len) {
      throw new IllegalArgumentException(
          "group bounds " + Arrays.toString(bounds) + " must run from 0 to " + len);
    }
    for (int i = 1; i < bounds.length; i++) {
      if (bounds[i] < bounds[i - 1]) {
        throw new IllegalArgumentException(
            "group bounds " + Arrays.toString(bounds) + " must be non-decreasing");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightSharing w && w.bits == bits;
  }

  @Override
  public int hashCode() {
    return TAG * 31 + bits;
  }

  /** The pipeline token, {@code KMeans(b)}. */
  @Override
  public String toString() {
    return "KMeans(" + bits + ")";
  }
}
