package io.fleetlearn.compression.sparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.sparse.SparseFixtures.Kind;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApproxTopKTest {

  static Stream<Arguments> adversarial() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (Kind kind : Kind.values()) {
      for (int n : new int[] {1, 2, 99, 32_767, 32_768, 100_000}) {
        for (String ratio : new String[] {"0.1%", "1%", "10%", "50%", "100%"}) {
          b.add(Arguments.of(kind, n, ratio));
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} n={1} {2}")
  @MethodSource("adversarial")
  void keepsBetweenKAndOnePointOneKOfTheLargestMagnitudes(Kind kind, int n, String ratioText) {
    float[] a = SparseFixtures.values(kind, n, n);
    Model m = Model.of(Tensor.of("w", Shape.of(n), a));
    Ratio ratio = Ratio.parse(ratioText);
    int k = ratio.ceilOf(n);
    int[] kept =
        SparseFixtures.orAll(
            new ApproxTopK(ratio, Scope.PER_TENSOR).select(m, new SplittableRandom(n))[0], n);
    assertThat(kept.length).isBetween(k, k + k / 10);
    assertThat(SparseFixtures.strictlyAscending(kept, n)).isTrue();
    assertThat(SparseFixtures.keepsLargest(a, kept)).isTrue();
  }

  @Test
  void staysWithinBoundsOverManySamplesOfOneGaussianTensor() {
    int n = 200_000;
    float[] a = SparseFixtures.values(Kind.GAUSSIAN, n, 1);
    Model m = Model.of(Tensor.of("w", Shape.of(n), a));
    ApproxTopK approx = new ApproxTopK(Ratio.parse("1%"), Scope.PER_TENSOR);
    SplittableRandom rng = new SplittableRandom(2);
    for (int round = 0; round < 50; round++) {
      int[] kept = approx.select(m, rng)[0];
      assertThat(kept.length).isBetween(2000, 2200);
      assertThat(SparseFixtures.keepsLargest(a, kept)).isTrue();
    }
  }

  @Test
  void globalCountsOverTheWholeModel() {
    float[] flat = SparseFixtures.values(Kind.OUTLIERS, 90_000, 4);
    Model m = SparseFixtures.model(flat, 40_000, 10, 49_990);
    int[][] sel =
        new ApproxTopK(Ratio.parse("0.5%"), Scope.GLOBAL).select(m, new SplittableRandom(3));
    int[] kept = SelectionProperties.concat(m, sel);
    assertThat(kept.length).isBetween(450, 495);
    assertThat(SparseFixtures.keepsLargest(flat, kept)).isTrue();
  }

  @Test
  void tokensAndValidation() {
    assertThat(new ApproxTopK(Ratio.parse("1%"), Scope.PER_TENSOR)).hasToString("ApproxTopK(1%)");
    assertThat(new ApproxTopK(Ratio.parse("0.5%"), Scope.GLOBAL))
        .hasToString("ApproxTopK(0.5%, global)");
    assertThatThrownBy(() -> new ApproxTopK(new Ratio(0), Scope.GLOBAL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ApproxTopK ratio");
    Model m = Model.of(Tensor.zeros("w", Shape.of(3)));
    assertThatThrownBy(() -> new ApproxTopK(Ratio.parse("1%"), Scope.GLOBAL).select(m, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("random generator");
  }

  @Test
  void doesNotModifyTheModel() {
    float[] flat = SparseFixtures.values(Kind.GAUSSIAN, 80_000, 5);
    Model m = SparseFixtures.model(flat, 40_000, 40_000);
    Model before = m.copy();
    new ApproxTopK(Ratio.parse("1%"), Scope.GLOBAL).select(m, new SplittableRandom(1));
    new ApproxTopK(Ratio.parse("1%"), Scope.PER_TENSOR).select(m, new SplittableRandom(1));
    assertThat(m.contentEquals(before)).isTrue();
  }
}
