package io.fleetlearn.compression.coding;

import io.fleetlearn.compression.CodecException;

/**
 * Golomb-Rice coding of the first index and the gaps minus one: a parameter byte {@code k} (0 to
 * 31), then per index the quotient {@code v >>> k} in unary (ones ended by a zero) and the low
 * {@code k} bits, LSB-first, the last byte zero-padded. For the geometric gaps of a random sparse
 * set this is within a few percent of the entropy: about {@code log2(1/density) + 1.5} bits per
 * index, so it is the smallest for scattered sets up to about 40% density (IndexBench: 8.11 bits an
 * index at 1%, where the entropy is 8.08).
 *
 * <p>{@code k} minimises the exact bit count; the cost is convex in {@code k}, so a descent from
 * {@code log2(mean gap)} finds the optimum in a few passes. Worst case (every gap at the maximum
 * for {@code k}) is bounded by the choice itself: never more than the {@code k = 31} cost of 32
 * bits an index. Decoding bounds every unary run by the largest gap that still fits in the tensor,
 * so a hostile run of ones fails after at most one word load past that bound.
 */
public record RiceIndexCodec() implements IndexCodec {
  public static final RiceIndexCodec INSTANCE = new RiceIndexCodec();
  public static final int TAG = 3;
  public static final int MAX_K = 31;

  @Override
  public int tag() {
    return TAG;
  }

  @Override
  public void write(int[] idx, int count, int size, ByteWriter out) {
    IndexChecks.checkSorted(idx, count, size);
    int k = bestK(idx, count);
    out.u8(k);
    BitWriter bits = new BitWriter(out);
    int prev = -1;
    for (int i = 0; i < count; i++) {
      int v = idx[i] - prev - 1;
      bits.writeUnary(v >>> k);
      bits.write(v, k);
      prev = idx[i];
    }
    bits.finish();
  }

  @Override
  public int[] read(ByteReader in, int count, int size) {
    IndexChecks.checkHeader(count, size, "Rice");
    int k = in.u8("Rice parameter k");
    if (k > MAX_K) {
      throw new CodecException("Rice parameter k (" + k + ") must be in [0, " + MAX_K + "]");
    }
    // Each index takes at least k + 1 bits: check the input can hold them before allocating.
    in.require(BitWriter.bytesFor((long) count * (k + 1)), "Rice indices (" + count + ")");
    int start = in.position();
    BitReader bits = new BitReader(in.array(), start, in.remaining());
    int[] idx = new int[count];
    long prev = -1;
    for (int i = 0; i < count; i++) {
      long maxGap = size - 2 - prev;
      if (maxGap < 0) {
        throw IndexChecks.pastSize("Rice", i, count, prev + 1, size);
      }
      long v;
      try {
        v = bits.readRice(k, maxGap >>> k, "Rice");
      } catch (CodecException e) {
        throw new CodecException("Rice index " + i + " of " + count + ": " + e.getMessage(), e);
      }
      long index = prev + 1 + v;
      if (index >= size) {
        throw IndexChecks.pastSize("Rice", i, count, index, size);
      }
      idx[i] = (int) index;
      prev = index;
    }
    bits.expectZeroPadding("Rice indices");
    in.skip(bits.bytesConsumed(), "Rice indices");
    return idx;
  }

  @Override
  public long bytes(int[] idx, int count, int size) {
    IndexChecks.checkSorted(idx, count, size);
    int k = bestK(idx, count);
    return 1 + BitWriter.bytesFor(cost(idx, count, k));
  }

  /** The {@code k} with the fewest bits (the smallest on ties). */
  static int bestK(int[] idx, int count) {
    if (count == 0) {
      return 0;
    }
    long mean = (idx[count - 1] + 1L) / count;
    int k = mean <= 1 ? 0 : Math.min(MAX_K, 63 - Long.numberOfLeadingZeros(mean));
    long c = cost(idx, count, k);
    // cost(k + 1) - cost(k) is non-decreasing in k (convex), so a local minimum is the minimum.
    while (k > 0) {
      long down = cost(idx, count, k - 1);
      if (down > c) {
        break;
      }
      k--;
      c = down;
    }
    while (k < MAX_K) {
      long up = cost(idx, count, k + 1);
      if (up >= c) {
        break;
      }
      k++;
      c = up;
    }
    return k;
  }

  /** Exact bit count for parameter {@code k}. */
  static long cost(int[] idx, int count, int k) {
    long bits = (long) count * (k + 1);
    int prev = -1;
    for (int i = 0; i < count; i++) {
      bits += (idx[i] - prev - 1) >>> k;
      prev = idx[i];
    }
    return bits;
  }

  @Override
  public String toString() {
    return "Rice";
  }
}
