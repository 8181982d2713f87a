package io.fleetlearn.compression.sparse;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Random-k: per tensor, k = {@code ratio.ceilOf(size)} distinct indices drawn uniformly (every
 * k-subset equally likely), ascending.
 *
 * <p>The kept values scaled by {@link #scale size / k} are an unbiased estimate of the tensor,
 * since each element is kept with probability k / size. <b>The pipeline does not rescale</b>: it
 * sends the kept values as they are, which with {@link ErrorFeedback} is the right choice (the
 * residual keeps the rest; scaling would inflate the variance). A caller without error feedback
 * that wants an unbiased update multiplies by {@link #scale}.
 *
 * <p>Cost: O(k + size / 64) (Floyd's sampling into a bit set), independent of the values.
 *
 * @param ratio fraction kept, in (0, 100%]
 */
public record RandomK(Ratio ratio) implements Sparsifier {

  public RandomK {
    TopK.requireKeptRatio("RandomK", ratio);
  }

  /** {@inheritDoc} {@code rng} draws the indices and must not be null. */
  @Override
  public int[][] select(Model m, RandomGenerator rng) {
    Objects.requireNonNull(rng, "RandomK needs a random generator");
    int[][] out = new int[m.size()][];
    for (int i = 0; i < m.size(); i++) {
      int n = m.tensor(i).size();
      out[i] = sample(n, ratio.ceilOf(n), rng);
    }
    return Magnitudes.denseWhereFull(m, out);
  }

  /** The factor {@code size / k} that makes the kept values unbiased; 1 for an empty tensor. */
  public double scale(int size) {
    int k = ratio.ceilOf(size);
    return k == 0 ? 1 : (double) size / k;
  }

  /** {@code k} distinct uniform indices in [0, n), ascending (Floyd's algorithm). */
  static int[] sample(int n, int k, RandomGenerator rng) {
    long[] bits = new long[(n + 63) >>> 6];
    for (int j = n - k; j < n; j++) {
      int t = rng.nextInt(j + 1);
      int pick = (bits[t >>> 6] & (1L << t)) != 0 ? j : t;
      bits[pick >>> 6] |= 1L << pick;
    }
    int[] idx = new int[k];
    int w = 0;
    for (int word = 0; word < bits.length; word++) {
      long b = bits[word];
      while (b != 0) {
        idx[w++] = (word << 6) + Long.numberOfTrailingZeros(b);
        b &= b - 1;
      }
    }
    return idx;
  }

  @Override
  public String toString() {
    return "RandomK(" + ratio + ")";
  }
}
