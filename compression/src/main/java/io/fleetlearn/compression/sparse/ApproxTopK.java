package io.fleetlearn.compression.sparse;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Top-k by magnitude with a sampled threshold: a threshold is estimated from 4,096 random elements
 * (set a little low, so that it almost never keeps too few), and one pass keeps every element at or
 * above it; a surplus beyond {@code 1.1 k} is cut back to k with an exact select over the kept
 * candidates only. With k = {@code ratio.ceilOf(size)} per tensor (or of the whole model with
 * {@link Scope#GLOBAL}) the count is always in {@code [k, k + k/10]}, and every kept magnitude is
 * at least every dropped one.
 *
 * <p>Cost: the sample plus one pass over the values, against two passes of {@link TopK}. When the
 * sample is off (about once in 30,000 calls by chance; always for inputs dominated by equal values
 * or zeros, where no threshold separates k elements) it falls back to {@link TopK}'s exact select,
 * so the worst case is about three passes. Tensors under 32,768 elements are selected exactly.
 *
 * <p>Because {@link TopK} is itself only two passes, the gain over it is bounded by about one pass:
 * {@code SparsifyBench} (1M Gaussian values, 1%) measured about 1.4x over {@link TopK} and about
 * 10x over an exact top-k by quickselect. The pass over the values, which every method needs, is
 * most of the cost.
 *
 * @param ratio fraction kept, in (0, 100%]
 * @param scope per tensor, or the whole model
 */
public record ApproxTopK(Ratio ratio, Scope scope) implements Sparsifier {

  public ApproxTopK {
    TopK.requireKeptRatio("ApproxTopK", ratio);
    Objects.requireNonNull(scope, "scope");
  }

  /** {@inheritDoc} {@code rng} draws the sample and must not be null. */
  @Override
  public int[][] select(Model m, RandomGenerator rng) {
    Objects.requireNonNull(rng, "ApproxTopK needs a random generator for its sample");
    if (scope == Scope.GLOBAL) {
      return Magnitudes.denseWhereFull(
          m, Magnitudes.approxTop(Magnitudes.Runs.of(m), ratio.ceilOf(TopK.total(m)), rng));
    }
    int[][] out = new int[m.size()][];
    for (int i = 0; i < m.size(); i++) {
      var t = m.tensor(i);
      out[i] = Magnitudes.approxTop(Magnitudes.Runs.of(t), ratio.ceilOf(t.size()), rng)[0];
    }
    return Magnitudes.denseWhereFull(m, out);
  }

  @Override
  public String toString() {
    return "ApproxTopK(" + ratio + (scope == Scope.GLOBAL ? ", global" : "") + ")";
  }
}
