package io.fleetlearn.compression.sparse;

import static io.fleetlearn.compression.sparse.SparseFixtures.orAll;
import static io.fleetlearn.compression.sparse.SparseFixtures.referenceTop;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.compression.sparse.SparseFixtures.Kind;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class SelectionProperties {

  @Property(tries = 300)
  void topKKeepsExactlyTheKLargestMagnitudes(
      @ForAll Kind kind,
      @ForAll @IntRange(min = 0, max = 3000) int n,
      @ForAll @IntRange(min = 0, max = 3100) int k,
      @ForAll long seed) {
    float[] a = SparseFixtures.values(kind, n, seed);
    int[] got = TopK.indices(a, 0, n, k);
    assertThat(got).isEqualTo(referenceTop(a, k));
  }

  @Property(tries = 200)
  void topKSelectsCeilOfRatioPerTensorAscending(
      @ForAll Kind kind,
      @ForAll @IntRange(min = 1, max = Ratio.ONE) int ppm,
      @ForAll @IntRange(min = 0, max = 2000) int n1,
      @ForAll @IntRange(min = 0, max = 50) int n2,
      @ForAll long seed) {
    float[] flat = SparseFixtures.values(kind, n1 + n2, seed);
    Model m = SparseFixtures.model(flat, n1, n2);
    Ratio ratio = new Ratio(ppm);
    int[][] sel = new TopK(ratio, Scope.PER_TENSOR).select(m, null);
    for (int t = 0; t < 2; t++) {
      int size = m.tensor(t).size();
      int[] idx = orAll(sel[t], size);
      assertThat(idx).hasSize(ratio.ceilOf(size));
      assertThat(SparseFixtures.strictlyAscending(idx, size)).isTrue();
      assertThat(idx).isEqualTo(referenceTop(m.tensor(t).toArray(), ratio.ceilOf(size)));
    }
  }

  @Property(tries = 200)
  void globalTopKMatchesTheReferenceOverTheConcatenation(
      @ForAll Kind kind,
      @ForAll @IntRange(min = 1, max = Ratio.ONE) int ppm,
      @ForAll @IntRange(min = 0, max = 1000) int n1,
      @ForAll @IntRange(min = 0, max = 1000) int n2,
      @ForAll @IntRange(min = 0, max = 30) int n3,
      @ForAll long seed) {
    float[] flat = SparseFixtures.values(kind, n1 + n2 + n3, seed);
    Model m = SparseFixtures.model(flat, n1, n2, n3);
    Ratio ratio = new Ratio(ppm);
    int[][] sel = new TopK(ratio, Scope.GLOBAL).select(m, null);
    int[] ref = referenceTop(flat, ratio.ceilOf(flat.length));
    assertThat(concat(m, sel)).isEqualTo(ref);
  }

  @Property(tries = 200)
  void approxTopKKeepsBetweenKAndOnePointOneKOfTheLargest(
      @ForAll Kind kind,
      @ForAll @IntRange(min = 1, max = Ratio.ONE) int ppm,
      @ForAll @IntRange(min = 1, max = 70_000) int n,
      @ForAll boolean global,
      @ForAll long seed) {
    float[] a = SparseFixtures.values(kind, n, seed);
    int split = n / 3;
    Model m = SparseFixtures.model(a, split, n - split);
    Ratio ratio = new Ratio(ppm);
    int[][] sel =
        new ApproxTopK(ratio, global ? Scope.GLOBAL : Scope.PER_TENSOR)
            .select(m, new SplittableRandom(seed));
    if (global) {
      int[] kept = concat(m, sel);
      int k = ratio.ceilOf(n);
      assertThat(kept.length).isBetween(k, k + k / 10);
      assertThat(SparseFixtures.strictlyAscending(kept, n)).isTrue();
      assertThat(SparseFixtures.keepsLargest(a, kept)).isTrue();
    } else {
      for (int t = 0; t < 2; t++) {
        int size = m.tensor(t).size();
        int[] kept = orAll(sel[t], size);
        int k = ratio.ceilOf(size);
        assertThat(kept.length).isBetween(k, k + k / 10);
        assertThat(SparseFixtures.strictlyAscending(kept, size)).isTrue();
        assertThat(SparseFixtures.keepsLargest(m.tensor(t).toArray(), kept)).isTrue();
      }
    }
  }

  /** The selection as positions in the concatenation of the tensors. */
  static int[] concat(Model m, int[][] sel) {
    int total = 0;
    for (int t = 0; t < m.size(); t++) {
      total += orAll(sel[t], m.tensor(t).size()).length;
    }
    int[] out = new int[total];
    int w = 0;
    int base = 0;
    for (int t = 0; t < m.size(); t++) {
      for (int i : orAll(sel[t], m.tensor(t).size())) {
        out[w++] = base + i;
      }
      base += m.tensor(t).size();
    }
    return out;
  }
}
