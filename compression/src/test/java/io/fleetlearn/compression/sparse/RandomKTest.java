package io.fleetlearn.compression.sparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RandomKTest {

  @Property(tries = 300)
  void drawsCeilOfRatioDistinctIndicesAscending(
      @ForAll @IntRange(min = 0, max = 5000) int n,
      @ForAll @IntRange(min = 1, max = Ratio.ONE) int ppm,
      @ForAll long seed) {
    Ratio ratio = new Ratio(ppm);
    Model m = Model.of(Tensor.zeros("w", Shape.of(n)), Tensor.zeros("b", Shape.of(3)));
    int[][] sel = new RandomK(ratio).select(m, new SplittableRandom(seed));
    int[] kept = SparseFixtures.orAll(sel[0], n);
    assertThat(kept).hasSize(ratio.ceilOf(n));
    assertThat(SparseFixtures.strictlyAscending(kept, n)).isTrue();
    assertThat(SparseFixtures.orAll(sel[1], 3)).hasSize(ratio.ceilOf(3));
  }

  @Test
  void everyIndexIsDrawnAboutEquallyOften() {
    int n = 200;
    int k = 20;
    int draws = 20_000;
    int[] hits = new int[n];
    SplittableRandom rng = new SplittableRandom(42);
    for (int d = 0; d < draws; d++) {
      for (int i : RandomK.sample(n, k, rng)) {
        hits[i]++;
      }
    }
    // Each index is kept with probability k/n = 0.1: mean 2000, sd sqrt(2000 * 0.9) ~ 42.
    for (int i = 0; i < n; i++) {
      assertThat(hits[i]).as("index %d", i).isBetween(1800, 2200);
    }
    // Low and high halves must not differ systematically (a biased Floyd step would show here).
    int low = 0;
    for (int i = 0; i < n / 2; i++) {
      low += hits[i];
    }
    assertThat(low).isBetween(draws * k / 2 - 1500, draws * k / 2 + 1500);
  }

  @Test
  void pairsOfIndicesAreKeptTogetherAsOftenAsUniformSubsetsPredict() {
    // P(both i and j kept) = k(k-1) / (n(n-1)) for a uniform k-subset; 10 of 4: 0.4 * 1/3 ~ 0.1333.
    int n = 10;
    int k = 4;
    int draws = 30_000;
    int together = 0;
    SplittableRandom rng = new SplittableRandom(7);
    for (int d = 0; d < draws; d++) {
      int[] s = RandomK.sample(n, k, rng);
      boolean has0 = false;
      boolean has9 = false;
      for (int i : s) {
        has0 |= i == 0;
        has9 |= i == 9;
      }
      together += has0 && has9 ? 1 : 0;
    }
    assertThat(together / (double) draws)
        .isCloseTo(4 * 3 / 90.0, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void scaleMakesTheKeptValuesUnbiased() {
    RandomK r = new RandomK(Ratio.parse("1%"));
    assertThat(r.scale(1000)).isEqualTo(100.0);
    assertThat(r.scale(150)).isEqualTo(75.0);
    assertThat(r.scale(0)).isEqualTo(1.0);
    // Mean over draws of the scaled, sparsified sum equals the dense sum.
    int n = 300;
    float[] a = SparseFixtures.values(SparseFixtures.Kind.GAUSSIAN, n, 9);
    double dense = 0;
    for (float v : a) {
      dense += v;
    }
    RandomK r10 = new RandomK(Ratio.parse("10%"));
    SplittableRandom rng = new SplittableRandom(5);
    Model m = Model.of(Tensor.of("w", Shape.of(n), a));
    double mean = 0;
    int draws = 20_000;
    for (int d = 0; d < draws; d++) {
      double s = 0;
      for (int i : r10.select(m, rng)[0]) {
        s += a[i];
      }
      mean += s * r10.scale(n) / draws;
    }
    assertThat(mean).isCloseTo(dense, org.assertj.core.data.Offset.offset(0.5));
  }

  @Test
  void sameSeedSameIndices() {
    Model m = Model.of(Tensor.zeros("w", Shape.of(10_000)));
    RandomK r = new RandomK(Ratio.parse("1%"));
    assertThat(r.select(m, new SplittableRandom(3))[0])
        .isEqualTo(r.select(m, new SplittableRandom(3))[0]);
  }

  @Test
  void tokensAndValidation() {
    assertThat(new RandomK(Ratio.parse("1%"))).hasToString("RandomK(1%)");
    assertThatThrownBy(() -> new RandomK(new Ratio(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RandomK ratio");
  }
}
