package io.fleetlearn.compression.sharing;

import java.util.Arrays;

/**
 * LSD radix sort of floats: three 11-bit passes over order-preserving integer keys, {@code O(n)}
 * and several times faster than {@link Arrays#sort(float[])} on a million values. The order is that
 * of {@link Float#compare} ({@code -0.0 < 0.0}); NaNs, which k-means never sees, sort last.
 */
final class FloatRadixSort {
  /** Below this, a comparison sort beats three passes over 2048 buckets. */
  private static final int SMALL = 1024;

  private static final int BITS = 11;
  private static final int BUCKETS = 1 << BITS;

  private FloatRadixSort() {}

  /** A sorted copy of {@code src[off, off + len)}. */
  static float[] sortedCopy(float[] src, int off, int len) {
    if (len < SMALL) {
      float[] out = Arrays.copyOfRange(src, off, off + len);
      Arrays.sort(out);
      return out;
    }
    int[] keys = new int[len];
    for (int i = 0; i < len; i++) {
      keys[i] = key(src[off + i]);
    }
    int[] tmp = new int[len];
    int[] count = new int[BUCKETS];
    for (int shift = 0; shift < 32; shift += BITS) {
      Arrays.fill(count, 0);
      for (int i = 0; i < len; i++) {
        count[(keys[i] >>> shift) & (BUCKETS - 1)]++;
      }
      if (count[(keys[0] >>> shift) & (BUCKETS - 1)] == len) {
        continue; // every key has the same digit: the pass would not move anything
      }
      int sum = 0;
      for (int b = 0; b < BUCKETS; b++) {
        int c = count[b];
        count[b] = sum;
        sum += c;
      }
      for (int i = 0; i < len; i++) {
        int k = keys[i];
        tmp[count[(k >>> shift) & (BUCKETS - 1)]++] = k;
      }
      int[] t = keys;
      keys = tmp;
      tmp = t;
    }
    float[] out = new float[len];
    for (int i = 0; i < len; i++) {
      out[i] = value(keys[i]);
    }
    return out;
  }

  /**
   * An int whose unsigned order is the float order: flip all bits of negatives, the sign of others.
   */
  private static int key(float f) {
    int b = Float.floatToIntBits(f);
    return b ^ ((b >> 31) | Integer.MIN_VALUE);
  }

  private static float value(int k) {
    int b = k ^ ((~k >> 31) | Integer.MIN_VALUE);
    return Float.intBitsToFloat(b);
  }
}
