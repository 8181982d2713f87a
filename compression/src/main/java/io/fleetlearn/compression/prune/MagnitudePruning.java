package io.fleetlearn.compression.prune;

import io.fleetlearn.compression.sparse.Scope;
import io.fleetlearn.compression.sparse.Sparsifier;
import io.fleetlearn.compression.sparse.TopK;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Unstructured magnitude pruning to a target sparsity, the fraction of elements set to zero: the
 * elements of smallest |x| are zeroed. Per tensor, {@code sparsity.floorOf(size)} elements are
 * zeroed and the other {@code size - sparsity.floorOf(size)} kept, so a tensor is never sparser
 * than asked and misses the target by less than one element; with {@link Scope#GLOBAL} the same
 * count is taken over all parameters, ranked together, so that layers of small weights lose more.
 *
 * <p>Ranking is {@link TopK}'s: exact, ties kept lower index (earlier tensor) first, so the zeroed
 * elements among equal magnitudes are the later ones; a NaN is never pruned. Cost: two passes over
 * the values (a radix select). Deterministic: {@code rng} is unused.
 *
 * @param sparsity fraction zeroed, in [0, 100%]
 * @param scope per tensor, or the whole model
 */
public record MagnitudePruning(Ratio sparsity, Scope scope) implements Sparsifier {

  public MagnitudePruning {
    Objects.requireNonNull(sparsity, "sparsity");
    Objects.requireNonNull(scope, "scope");
  }

  /** {@inheritDoc} A tensor that keeps every element (sparsity 0%, or too small) is null. */
  @Override
  public int[][] select(Model m, RandomGenerator rng) {
    int[][] out;
    if (scope == Scope.GLOBAL) {
      long total = m.parameterCount();
      if (total > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "global pruning over " + total + " parameters: more than one array can index");
      }
      int n = (int) total;
      out = TopK.globalIndices(m, n - sparsity.floorOf(n));
    } else {
      out = new int[m.size()][];
      for (int i = 0; i < m.size(); i++) {
        Tensor t = m.tensor(i);
        int n = t.size();
        out[i] = TopK.indices(t.array(), t.offset(), n, n - sparsity.floorOf(n));
      }
    }
    for (int i = 0; i < out.length; i++) {
      if (out[i].length == m.tensor(i).size()) {
        out[i] = null;
      }
    }
    return out;
  }

  /** A copy of {@code m} with the pruned elements set to 0; {@code m} is not modified. */
  public Model apply(Model m) {
    int[][] kept = select(m, null);
    Model out = m.zerosLike();
    for (int i = 0; i < out.size(); i++) {
      Tensor src = m.tensor(i);
      Tensor dst = out.tensor(i);
      if (kept[i] == null) {
        System.arraycopy(src.array(), src.offset(), dst.array(), dst.offset(), src.size());
      } else {
        for (int j : kept[i]) {
          dst.array()[dst.offset() + j] = src.array()[src.offset() + j];
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "Prune(" + sparsity + (scope == Scope.GLOBAL ? ", global" : "") + ")";
  }
}
