package io.fleetlearn.compression.sparse;

import static io.fleetlearn.compression.sparse.SparseFixtures.model;
import static io.fleetlearn.compression.sparse.SparseFixtures.referenceTop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.sparse.SparseFixtures.Kind;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TopKTest {

  @Test
  void tokensNameRatioAndScope() {
    assertThat(new TopK(Ratio.parse("1%"), Scope.PER_TENSOR)).hasToString("TopK(1%)");
    assertThat(new TopK(Ratio.parse("0.5%"), Scope.GLOBAL)).hasToString("TopK(0.5%, global)");
  }

  @Test
  void rejectsZeroRatio() {
    assertThatThrownBy(() -> new TopK(new Ratio(0), Scope.PER_TENSOR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(0, 100%]");
    assertThatThrownBy(() -> new TopK(null, Scope.PER_TENSOR))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void keepsLargestMagnitudesWhateverTheSign() {
    float[] a = {0.1f, -5f, 3f, -0.2f, 4f, 0f};
    assertThat(TopK.indices(a, 0, a.length, 3)).containsExactly(1, 2, 4);
  }

  @Test
  void breaksTiesByLowerIndex() {
    float[] a = {1f, -2f, 2f, -2f, 2f, 1f};
    assertThat(TopK.indices(a, 0, a.length, 2)).containsExactly(1, 2);
    assertThat(TopK.indices(a, 0, a.length, 5)).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void ranksNanFirstAndNegativeZeroAsZero() {
    float[] a = {-0f, Float.NaN, Float.NEGATIVE_INFINITY, 0f, 1e-45f};
    assertThat(TopK.indices(a, 0, a.length, 2)).containsExactly(1, 2);
    assertThat(TopK.indices(a, 0, a.length, 3)).containsExactly(1, 2, 4);
    assertThat(TopK.indices(a, 0, a.length, 4)).containsExactly(0, 1, 2, 4);
  }

  @Test
  void indicesAreRelativeToTheOffset() {
    float[] a = {100f, 100f, 1f, 3f, 2f, 100f};
    assertThat(TopK.indices(a, 2, 3, 2)).containsExactly(1, 2);
    assertThat(TopK.kthLargestMagnitude(a, 2, 3, 3)).isEqualTo(1f);
  }

  @Test
  void clampsKToTheRange() {
    float[] a = {1f, 2f};
    assertThat(TopK.indices(a, 0, 2, 0)).isEmpty();
    assertThat(TopK.indices(a, 0, 2, 5)).containsExactly(0, 1);
    assertThat(TopK.indices(new float[0], 0, 0, 1)).isEmpty();
  }

  @Test
  void kthLargestMagnitudeIsTheMagnitudeAtRankK() {
    float[] a = {-7f, 3f, -3f, 0.5f, 9f};
    assertThat(TopK.kthLargestMagnitude(a, 0, 5, 1)).isEqualTo(9f);
    assertThat(TopK.kthLargestMagnitude(a, 0, 5, 2)).isEqualTo(7f);
    assertThat(TopK.kthLargestMagnitude(a, 0, 5, 3)).isEqualTo(3f);
    assertThat(TopK.kthLargestMagnitude(a, 0, 5, 4)).isEqualTo(3f);
    assertThat(TopK.kthLargestMagnitude(a, 0, 5, 5)).isEqualTo(0.5f);
    assertThatThrownBy(() -> TopK.kthLargestMagnitude(a, 0, 5, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TopK.kthLargestMagnitude(a, 0, 5, 6))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void matchesTheSortedReferenceOnLargeInputs(Kind kind) {
    float[] a = SparseFixtures.values(kind, 100_000, 7);
    int[] order = SparseFixtures.referenceOrder(a);
    for (int k : new int[] {1, 1000, 33_333, 99_999}) {
      assertThat(TopK.indices(a, 0, a.length, k))
          .as("k=%d", k)
          .isEqualTo(SparseFixtures.topOf(order, k));
    }
  }

  @Test
  void perTensorKeepsCeilOfRatioOfEachTensorAndNullForWholeTensors() {
    float[] flat = SparseFixtures.values(Kind.GAUSSIAN, 1000 + 250 + 1 + 0, 3);
    Model m = model(flat, 1000, 250, 1, 0);
    int[][] sel = new TopK(Ratio.parse("1%"), Scope.PER_TENSOR).select(m, null);
    assertThat(sel.length).isEqualTo(4);
    assertThat(sel[0]).hasSize(10);
    assertThat(sel[1]).hasSize(3);
    assertThat(sel[2]).as("a 1-element tensor keeps its element: sent dense").isNull();
    assertThat(sel[3]).as("an empty tensor is trivially whole").isNull();
    assertThat(sel[0]).isEqualTo(referenceTop(m.tensor(0).toArray(), 10));
  }

  @Test
  void globalRanksAllTensorsTogether() {
    Model m =
        Model.of(
            Tensor.of("small", Shape.of(4), new float[] {0.1f, -0.2f, 0.3f, 0.4f}),
            Tensor.of("large", Shape.of(2, 2), new float[] {5f, -6f, 7f, 0f}));
    int[][] global = new TopK(Ratio.parse("37.5%"), Scope.GLOBAL).select(m, null);
    assertThat(global[0]).as("a layer of small values may keep nothing").isEmpty();
    assertThat(global[1]).containsExactly(0, 1, 2);
    // 50% of 8 is 4: the fourth is 0.4 in "small".
    int[][] g4 = TopK.globalIndices(m, 4);
    assertThat(g4[0]).containsExactly(3);
    assertThat(g4[1]).containsExactly(0, 1, 2);
    int[][] perTensor = new TopK(Ratio.parse("50%"), Scope.PER_TENSOR).select(m, null);
    assertThat(perTensor[0]).containsExactly(2, 3);
    assertThat(perTensor[1]).containsExactly(1, 2);
  }

  @Test
  void globalCountIsCeilOfTheTotalAndMatchesTheReference() {
    float[] flat = SparseFixtures.values(Kind.FEW_DISTINCT, 3000, 11);
    Model m = model(flat, 1000, 7, 1993);
    int[][] sel = new TopK(Ratio.parse("3.3%"), Scope.GLOBAL).select(m, null);
    int k = Ratio.parse("3.3%").ceilOf(3000);
    int[] ref = referenceTop(flat, k);
    int[] got =
        Arrays.stream(new int[] {0, 1, 2})
            .flatMap(t -> Arrays.stream(sel[t]).map(i -> i + (t == 0 ? 0 : t == 1 ? 1000 : 1007)))
            .toArray();
    assertThat(got).isEqualTo(ref);
  }

  @Test
  void doesNotModifyTheModel() {
    float[] flat = SparseFixtures.values(Kind.GAUSSIAN, 5000, 5);
    Model m = model(flat, 2000, 3000);
    Model before = m.copy();
    new TopK(Ratio.parse("10%"), Scope.GLOBAL).select(m, null);
    new TopK(Ratio.parse("10%"), Scope.PER_TENSOR).select(m, null);
    assertThat(m.contentEquals(before)).isTrue();
  }
}
