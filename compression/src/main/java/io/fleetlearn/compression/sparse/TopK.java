package io.fleetlearn.compression.sparse;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exact top-k by magnitude: per tensor the {@code ratio.ceilOf(size)} elements of largest |x| (so
 * at least one of a non-empty tensor), or with {@link Scope#GLOBAL} the {@code ratio.ceilOf(total)}
 * largest over the whole model. The count is exact: equal magnitudes are taken lower index first
 * (for {@code GLOBAL}, earlier tensor first). A NaN ranks above every number.
 *
 * <p>Cost: a radix select, two passes over the values plus work proportional to k and one histogram
 * bucket, whatever the distribution; no sort. Deterministic: {@code rng} is unused.
 *
 * @param ratio fraction kept, in (0, 100%]
 * @param scope per tensor, or the whole model
 */
public record TopK(Ratio ratio, Scope scope) implements Sparsifier {

  public TopK {
    requireKeptRatio("TopK", ratio);
    Objects.requireNonNull(scope, "scope");
  }

  @Override
  public int[][] select(Model m, RandomGenerator rng) {
    if (scope == Scope.GLOBAL) {
      return Magnitudes.denseWhereFull(m, globalIndices(m, ratio.ceilOf(total(m))));
    }
    int[][] out = new int[m.size()][];
    for (int i = 0; i < m.size(); i++) {
      var t = m.tensor(i);
      out[i] = indices(t.array(), t.offset(), t.size(), ratio.ceilOf(t.size()));
    }
    return Magnitudes.denseWhereFull(m, out);
  }

  /**
   * The indices, relative to {@code off} and ascending, of the {@code k} largest magnitudes in
   * {@code a[off, off+len)}; ties go to the lower index. {@code k} is clamped to [0, len].
   */
  public static int[] indices(float[] a, int off, int len, int k) {
    return Magnitudes.exactTop(Magnitudes.Runs.of(a, off, len), k)[0];
  }

  /**
   * The {@code k}-th largest magnitude in {@code a[off, off+len)}, {@code 1 <= k <= len}: |x| of
   * that element (NaN if more than {@code k - 1} elements are NaN).
   */
  public static float kthLargestMagnitude(float[] a, int off, int len, int k) {
    return Float.intBitsToFloat(Magnitudes.kthKey(Magnitudes.Runs.of(a, off, len), k));
  }

  /**
   * The {@code k} largest magnitudes of the whole model, per tensor as indices ascending within the
   * tensor (an empty array for a tensor that keeps none, never null); ties go to the earlier
   * tensor, then the lower index. {@code k} is clamped to [0, parameters].
   */
  public static int[][] globalIndices(Model m, int k) {
    return Magnitudes.exactTop(Magnitudes.Runs.of(m), k);
  }

  @Override
  public String toString() {
    return "TopK(" + ratio + (scope == Scope.GLOBAL ? ", global" : "") + ")";
  }

  /** Total parameters of {@code m} as an int, or an exception if one selection cannot span them. */
  static int total(Model m) {
    long n = m.parameterCount();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "global selection over " + n + " parameters: more than one array can index");
    }
    return (int) n;
  }

  static void requireKeptRatio(String what, Ratio ratio) {
    Objects.requireNonNull(ratio, "ratio");
    if (ratio.ppm() == 0) {
      throw new IllegalArgumentException(what + " ratio (" + ratio + ") must be in (0, 100%]");
    }
  }
}
