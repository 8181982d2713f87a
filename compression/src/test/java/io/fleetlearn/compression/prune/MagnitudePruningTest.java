package io.fleetlearn.compression.prune;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.compression.sparse.Scope;
import io.fleetlearn.compression.sparse.SparseFixtures;
import io.fleetlearn.compression.sparse.SparseFixtures.Kind;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MagnitudePruningTest {

  private static int zeros(Tensor t) {
    int z = 0;
    for (int i = 0; i < t.size(); i++) {
      z += t.get(i) == 0 ? 1 : 0;
    }
    return z;
  }

  @Property(tries = 200)
  void perLayerSparsityIsFloorOfTheTargetInEveryTensor(
      @ForAll Kind kind,
      @ForAll @IntRange(min = 0, max = Ratio.ONE) int ppm,
      @ForAll @IntRange(min = 0, max = 1500) int n1,
      @ForAll @IntRange(min = 0, max = 40) int n2,
      @ForAll long seed) {
    float[] flat = SparseFixtures.values(kind, n1 + n2, seed);
    Model m = SparseFixtures.model(flat, n1, n2);
    Ratio sparsity = new Ratio(ppm);
    MagnitudePruning prune = new MagnitudePruning(sparsity, Scope.PER_TENSOR);
    int[][] kept = prune.select(m, null);
    for (int t = 0; t < 2; t++) {
      int size = m.tensor(t).size();
      int keep = size - sparsity.floorOf(size);
      int[] idx = SparseFixtures.orAll(kept[t], size);
      assertThat(idx).hasSize(keep);
      assertThat(SparseFixtures.strictlyAscending(idx, size)).isTrue();
      assertThat(idx).isEqualTo(SparseFixtures.referenceTop(m.tensor(t).toArray(), keep));
    }
  }

  @Property(tries = 200)
  void globalSparsityIsFloorOfTheTargetOverTheModel(
      @ForAll Kind kind,
      @ForAll @IntRange(min = 0, max = Ratio.ONE) int ppm,
      @ForAll @IntRange(min = 0, max = 1000) int n1,
      @ForAll @IntRange(min = 0, max = 1000) int n2,
      @ForAll long seed) {
    float[] flat = SparseFixtures.values(kind, n1 + n2, seed);
    Model m = SparseFixtures.model(flat, n1, n2);
    Ratio sparsity = new Ratio(ppm);
    int[][] kept = new MagnitudePruning(sparsity, Scope.GLOBAL).select(m, null);
    int total = n1 + n2;
    int[] ref = SparseFixtures.referenceTop(flat, total - sparsity.floorOf(total));
    int[] got = new int[ref.length];
    int w = 0;
    for (int i : SparseFixtures.orAll(kept[0], n1)) {
      got[w++] = i;
    }
    for (int i : SparseFixtures.orAll(kept[1], n2)) {
      got[w++] = n1 + i;
    }
    assertThat(w).isEqualTo(ref.length);
    assertThat(got).isEqualTo(ref);
  }

  @Test
  void applyZeroesExactlyTheTargetShareOfEachLayer() {
    float[] flat = SparseFixtures.values(Kind.GAUSSIAN, 1001 + 10, 2);
    Model m = SparseFixtures.model(flat, 1001, 10);
    Model before = m.copy();
    Model pruned = new MagnitudePruning(Ratio.parse("50%"), Scope.PER_TENSOR).apply(m);
    assertThat(zeros(pruned.tensor(0))).isEqualTo(500);
    assertThat(zeros(pruned.tensor(1))).isEqualTo(5);
    assertThat(m.contentEquals(before)).as("input untouched").isTrue();
    // Survivors keep their value; every survivor outweighs every pruned element.
    float minKept = Float.MAX_VALUE;
    float maxPruned = 0;
    for (int i = 0; i < 1001; i++) {
      float p = pruned.tensor(0).get(i);
      float o = m.tensor(0).get(i);
      if (p == 0) {
        maxPruned = Math.max(maxPruned, Math.abs(o));
      } else {
        assertThat(p).isEqualTo(o);
        minKept = Math.min(minKept, Math.abs(o));
      }
    }
    assertThat(minKept).isGreaterThanOrEqualTo(maxPruned);
  }

  @Test
  void globalPruningTakesMoreFromTheLayerOfSmallWeights() {
    Model m =
        Model.of(
            Tensor.of("small", Shape.of(4), new float[] {0.1f, -0.2f, 0.3f, 0.4f}),
            Tensor.of("large", Shape.of(4), new float[] {5f, -6f, 7f, 8f}));
    Model g = new MagnitudePruning(Ratio.parse("50%"), Scope.GLOBAL).apply(m);
    assertThat(g.tensor("small").toArray()).containsOnly(0f);
    assertThat(g.tensor("large").toArray()).containsExactly(5f, -6f, 7f, 8f);
    Model p = new MagnitudePruning(Ratio.parse("50%"), Scope.PER_TENSOR).apply(m);
    assertThat(p.tensor("small").toArray()).containsExactly(0f, 0f, 0.3f, 0.4f);
    assertThat(p.tensor("large").toArray()).containsExactly(0f, 0f, 7f, 8f);
  }

  @Test
  void zeroAndFullSparsity() {
    Model m = Model.of(Tensor.of("w", Shape.of(3), new float[] {1f, 2f, 3f}));
    assertThat(new MagnitudePruning(new Ratio(0), Scope.PER_TENSOR).select(m, null)[0]).isNull();
    assertThat(new MagnitudePruning(new Ratio(Ratio.ONE), Scope.GLOBAL).select(m, null)[0])
        .isEmpty();
    // 99% of 3 elements is 2.97: two are zeroed, never three.
    assertThat(new MagnitudePruning(Ratio.parse("99%"), Scope.PER_TENSOR).select(m, null)[0])
        .containsExactly(2);
  }

  @Test
  void tokens() {
    assertThat(new MagnitudePruning(Ratio.parse("50%"), Scope.PER_TENSOR))
        .hasToString("Prune(50%)");
    assertThat(new MagnitudePruning(Ratio.parse("50%"), Scope.GLOBAL))
        .hasToString("Prune(50%, global)");
  }
}
