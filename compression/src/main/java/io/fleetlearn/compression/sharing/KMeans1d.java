package io.fleetlearn.compression.sharing;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One-dimensional k-means: k-means++ seeding, then Lloyd iterations until the clusters stop
 * changing.
 *
 * <p>In one dimension the clusters of sorted centroids are contiguous runs of the sorted values,
 * split at the midpoints between adjacent centroids. So the values are sorted once ({@code O(n)},
 * radix) with prefix sums, and a Lloyd iteration is {@code k} binary searches for the splits plus
 * {@code k} prefix-sum differences for the means: {@code O(k log n)}, independent of {@code n}.
 * Seeding is k-means++ (Arthur and Vassilvitskii 2007) over the distinct values weighted by their
 * counts, which is exactly k-means++ over all values; when there are more than {@value
 * #SEED_SAMPLE} distinct values it runs over that many evenly spaced order statistics instead,
 * bounding its {@code O(sample k)} cost. Assigning the values in their original order is {@code O(n
 * log k)}.
 *
 * <p>When there are at most {@code k} distinct values, they are the centroids and the error is 0.
 */
public final class KMeans1d {
  /** Default cap on Lloyd iterations; each costs only {@code O(k log n)}. */
  public static final int DEFAULT_MAX_ITERATIONS = 300;

  /** Most points k-means++ seeding looks at; see the class comment. */
  public static final int SEED_SAMPLE = 16384;

  private KMeans1d() {}

  /**
   * A clustering: the codebook (sorted ascending), each value's centroid index in input order, and
   * the Lloyd iterations run.
   */
  public record Result(Codebook codebook, int[] assignments, int iterations) {
    /** Copies the assignments. */
    public Result {
      Objects.requireNonNull(codebook, "codebook");
      assignments = assignments.clone();
    }

    /** A copy of the assignments. */
    @Override
    public int[] assignments() {
      return assignments.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Result r
          && codebook.equals(r.codebook)
          && Arrays.equals(assignments, r.assignments)
          && iterations == r.iterations;
    }

    @Override
    public int hashCode() {
      return 31 * (31 * codebook.hashCode() + Arrays.hashCode(assignments)) + iterations;
    }

    @Override
    public String toString() {
      return "KMeans1d.Result[" + codebook + ", " + iterations + " iterations]";
    }
  }

  /**
   * Clusters {@code values[off, off+len)} into at most {@code k} centroids and assigns each value
   * to its nearest one. The values must be finite and {@code len >= 1}.
   */
  public static Result fit(
      float[] values, int off, int len, int k, int maxIterations, RandomGenerator rng) {
    Trained t = train(values, off, len, k, maxIterations, rng);
    int[] assignments = new int[len];
    for (int i = 0; i < len; i++) {
      assignments[i] = t.codebook.nearest(values[off + i]);
    }
    return new Result(t.codebook, assignments, t.iterations);
  }

  /** The codebook {@link #fit} finds, without assigning the values. */
  public static Codebook codebook(
      float[] values, int off, int len, int k, int maxIterations, RandomGenerator rng) {
    return train(values, off, len, k, maxIterations, rng).codebook;
  }

  private record Trained(Codebook codebook, int iterations) {}

  private static Trained train(
      float[] values, int off, int len, int k, int maxIterations, RandomGenerator rng) {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(rng, "rng");
    Objects.checkFromIndexSize(off, len, values.length);
    if (len < 1) {
      throw new IllegalArgumentException("k-means needs at least one value");
    }
    if (k < 1) {
      throw new IllegalArgumentException("k (" + k + ") must be at least 1");
    }
    if (maxIterations < 0) {
      throw new IllegalArgumentException("max iterations (" + maxIterations + ") must be >= 0");
    }
    for (int i = 0; i < len; i++) {
      if (!Float.isFinite(values[off + i])) {
        throw new IllegalArgumentException("value " + i + " is " + values[off + i]);
      }
    }
    float[] sorted = FloatRadixSort.sortedCopy(values, off, len);

    // Distinct values and their counts (-0.0 and 0.0 are one value).
    int distinct = 1;
    for (int i = 1; i < len; i++) {
      if (sorted[i] != sorted[i - 1]) {
        distinct++;
      }
    }
    if (distinct <= k) {
      float[] c = new float[distinct];
      c[0] = sorted[0];
      for (int i = 1, j = 1; i < len; i++) {
        if (sorted[i] != sorted[i - 1]) {
          c[j++] = sorted[i];
        }
      }
      return new Trained(new Codebook(c), 0);
    }

    double[] centroids = seed(sorted, distinct, k, rng);
    int iterations = lloyd(sorted, centroids, maxIterations);
    float[] c = new float[centroids.length];
    for (int j = 0; j < c.length; j++) {
      c[j] = (float) centroids[j];
    }
    Arrays.sort(c); // already ascending; rounding to float cannot reorder, only merge
    return new Trained(new Codebook(c), iterations);
  }

  /** k-means++ seeds, ascending; fewer than k only if the sample runs out of distinct values. */
  private static double[] seed(float[] sorted, int distinct, int k, RandomGenerator rng) {
    int n = sorted.length;
    double[] points;
    double[] weights;
    if (distinct <= SEED_SAMPLE) {
      points = new double[distinct];
      weights = new double[distinct];
      int j = -1;
      for (int i = 0; i < n; i++) {
        if (j < 0 || sorted[i] != points[j]) {
          points[++j] = sorted[i];
        }
        weights[j]++;
      }
    } else {
      // Evenly spaced order statistics: a stratified sample that follows the distribution.
      points = new double[SEED_SAMPLE];
      weights = new double[SEED_SAMPLE];
      for (int s = 0; s < SEED_SAMPLE; s++) {
        points[s] = sorted[(int) (((2L * s + 1) * n) / (2L * SEED_SAMPLE))];
        weights[s] = 1;
      }
    }
    double[] chosen = new double[k];
    int m = plusPlus(points, weights, chosen, 0, rng);
    if (m < k && distinct > SEED_SAMPLE) {
      // The sample had fewer distinct values than k: continue seeding over all values.
      double[] all = new double[n];
      double[] ones = new double[n];
      for (int i = 0; i < n; i++) {
        all[i] = sorted[i];
        ones[i] = 1;
      }
      m = plusPlus(all, ones, chosen, m, rng);
    }
    double[] c = Arrays.copyOf(chosen, m);
    Arrays.sort(c);
    return c;
  }

  /**
   * Adds k-means++ seeds to {@code chosen[have..]}: each next seed is a point drawn with
   * probability proportional to weight times squared distance to the nearest seed so far. Stops
   * early when every point coincides with a seed. Returns the number of seeds.
   */
  private static int plusPlus(
      double[] points, double[] weights, double[] chosen, int have, RandomGenerator rng) {
    int n = points.length;
    double[] d2 = new double[n];
    if (have == 0) {
      double total = 0;
      for (double w : weights) {
        total += w;
      }
      chosen[have++] = points[draw(weights, total, rng)];
    }
    for (int i = 0; i < n; i++) {
      double best = Double.POSITIVE_INFINITY;
      for (int j = 0; j < have; j++) {
        double d = points[i] - chosen[j];
        best = Math.min(best, d * d);
      }
      d2[i] = weights[i] * best;
    }
    while (have < chosen.length) {
      double total = 0;
      for (double v : d2) {
        total += v;
      }
      if (total == 0) {
        break;
      }
      double c = points[draw(d2, total, rng)];
      chosen[have++] = c;
      for (int i = 0; i < n; i++) {
        double d = points[i] - c;
        double v = weights[i] * d * d;
        if (v < d2[i]) {
          d2[i] = v;
        }
      }
    }
    return have;
  }

  /** An index drawn with probability {@code w[i] / total}; never one of weight 0. */
  private static int draw(double[] w, double total, RandomGenerator rng) {
    double r = rng.nextDouble() * total;
    int last = -1;
    for (int i = 0; i < w.length; i++) {
      if (w[i] > 0) {
        last = i;
        r -= w[i];
        if (r < 0) {
          return i;
        }
      }
    }
    return last; // rounding left r slightly above the sum
  }

  /**
   * Lloyd iterations over sorted values, updating the ascending {@code centroids} in place; returns
   * the iterations run. A cluster that empties keeps its centroid, which stays strictly between its
   * neighbours, so the centroids stay ascending.
   */
  private static int lloyd(float[] sorted, double[] centroids, int maxIterations) {
    int n = sorted.length;
    int k = centroids.length;
    double[] prefix = new double[n + 1];
    for (int i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + sorted[i];
    }
    int[] splits = new int[k + 1];
    int[] next = new int[k + 1];
    splits[k] = n;
    next[k] = n;
    splits(sorted, centroids, splits);
    int it = 0;
    while (it < maxIterations) {
      it++;
      for (int j = 0; j < k; j++) {
        int lo = splits[j];
        int hi = splits[j + 1];
        if (hi > lo) {
          double mean = (prefix[hi] - prefix[lo]) / (hi - lo);
          // The prefix difference can round outside the run; the true mean cannot.
          centroids[j] = Math.min(Math.max(mean, sorted[lo]), sorted[hi - 1]);
        }
      }
      splits(sorted, centroids, next);
      if (Arrays.equals(splits, next)) {
        break;
      }
      int[] t = splits;
      splits = next;
      next = t;
    }
    return it;
  }

  /**
   * {@code splits[j]} = first index of cluster {@code j}: the first value above the midpoint of
   * centroids {@code j-1} and {@code j} (a value on a midpoint goes to the lower centroid).
   */
  private static void splits(float[] sorted, double[] c, int[] splits) {
    splits[0] = 0;
    for (int j = 1; j < c.length; j++) {
      double mid = (c[j - 1] + c[j]) / 2;
      int lo = splits[j - 1];
      int hi = sorted.length;
      while (lo < hi) {
        int m = (lo + hi) >>> 1;
        if (sorted[m] <= mid) {
          lo = m + 1;
        } else {
          hi = m;
        }
      }
      splits[j] = lo;
    }
  }
}
