package io.fleetlearn.compression.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class KMeans1dTest {

  @Test
  void fewerDistinctValuesThanKAreTheirOwnCentroids() {
    float[] v = {3, -1, 3, 2, -1, 2, 2};
    KMeans1d.Result r = KMeans1d.fit(v, 0, v.length, 8, 100, new SplittableRandom(1));
    assertThat(r.codebook().centroids()).containsExactly(-1, 2, 3);
    for (int i = 0; i < v.length; i++) {
      assertThat(r.codebook().value(r.assignments()[i])).isEqualTo(v[i]);
    }
  }

  @Test
  void oneCentroidIsTheMean() {
    float[] v = {0, 1, 1, 1, 2, 7};
    Codebook c = KMeans1d.codebook(v, 0, v.length, 1, 10, new SplittableRandom(1));
    assertThat(c.size()).isEqualTo(1);
    assertThat(c.value(0)).isCloseTo(2f, within(1e-6f));
  }

  @Test
  void findsWellSeparatedClusters() {
    SplittableRandom rng = new SplittableRandom(5);
    float[] v = new float[30_000];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((i % 3 - 1) * 10 + rng.nextGaussian() * 0.1);
    }
    Codebook c = KMeans1d.codebook(v, 0, v.length, 3, 100, new SplittableRandom(2));
    assertThat(c.value(0)).isCloseTo(-10f, within(0.01f));
    assertThat(c.value(1)).isCloseTo(0f, within(0.01f));
    assertThat(c.value(2)).isCloseTo(10f, within(0.01f));
  }

  @Test
  void sameSeedSameResult() {
    float[] v = gaussian(20_000, 3);
    assertThat(KMeans1d.fit(v, 0, v.length, 16, 50, new SplittableRandom(9)))
        .isEqualTo(KMeans1d.fit(v, 0, v.length, 16, 50, new SplittableRandom(9)));
  }

  @Test
  void manyCopiesOfFewValuesPlusOutliersStillUseKCentroids() {
    // More than SEED_SAMPLE distinct values, but the evenly spaced sample sees only zeros.
    float[] v = new float[200_000];
    for (int i = 0; i < 17_000; i++) {
      v[i * 11] = 1 + i;
    }
    Codebook c = KMeans1d.codebook(v, 0, v.length, 16, 100, new SplittableRandom(4));
    assertThat(c.size()).isEqualTo(16);
  }

  @Test
  void rejectsBadArguments() {
    SplittableRandom rng = new SplittableRandom(1);
    assertThatThrownBy(() -> KMeans1d.fit(new float[0], 0, 0, 2, 10, rng))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KMeans1d.fit(new float[] {1}, 0, 1, 0, 10, rng))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k (0)");
    assertThatThrownBy(() -> KMeans1d.fit(new float[] {1, Float.NaN}, 0, 2, 2, 10, rng))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value 1 is NaN");
  }

  @Test
  void codebookRejectsUnsortedOrNonFiniteCentroids() {
    assertThatThrownBy(() -> new Codebook(new float[] {2, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("centroid 1");
    assertThatThrownBy(() -> new Codebook(new float[] {Float.POSITIVE_INFINITY}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Codebook(new float[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nearestBreaksTiesDownwards() {
    Codebook c = new Codebook(new float[] {0, 2, 2, 10});
    assertThat(c.nearest(1)).isEqualTo(0);
    assertThat(c.nearest(1.01f)).isEqualTo(1);
    assertThat(c.nearest(-5)).isEqualTo(0);
    assertThat(c.value(c.nearest(6))).isEqualTo(2);
    assertThat(c.nearest(6.5f)).isEqualTo(3);
    assertThat(c.nearest(99)).isEqualTo(3);
    assertThat(c.halfLargestGap()).isEqualTo(4);
  }

  @Property(tries = 100)
  void everyValueIsAssignedItsNearestCentroid(
      @ForAll @IntRange(min = 1, max = 3000) int n,
      @ForAll @IntRange(min = 1, max = 64) int k,
      @ForAll long seed) {
    float[] v = gaussian(n, seed);
    KMeans1d.Result r = KMeans1d.fit(v, 0, n, k, 100, new SplittableRandom(seed));
    float[] c = r.codebook().centroids();
    assertThat(c.length).isBetween(1, k);
    int[] a = r.assignments();
    for (int i = 0; i < n; i++) {
      double d = Math.abs((double) v[i] - c[a[i]]);
      for (float x : c) {
        assertThat(d).isLessThanOrEqualTo(Math.abs((double) v[i] - x));
      }
    }
  }

  static float[] gaussian(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rng.nextGaussian();
    }
    return v;
  }
}
