package io.fleetlearn.simulator.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DirichletSplitTest {
  private static final int CLASSES = 10;

  @Property(tries = 50)
  void split_assignsEveryExampleExactlyOnce(
      @ForAll @IntRange(min = 1, max = 40) int devices,
      @ForAll @DoubleRange(min = 0.05, max = 100) double alpha,
      @ForAll long seed) {
    // Arrange
    int[] labels = labels(2000, seed);

    // Act
    int[][] shards = DirichletSplit.split(labels, CLASSES, devices, alpha, seed, 0);

    // Assert
    int[] all = Arrays.stream(shards).flatMapToInt(Arrays::stream).sorted().toArray();
    assertThat(shards.length).isEqualTo(devices);
    assertThat(all).hasSize(labels.length);
    for (int i = 0; i < all.length; i++) {
      assertThat(all[i]).isEqualTo(i);
    }
  }

  @Test
  void split_isTheSame_forTheSameSeed_andDiffers_forAnother() {
    int[] labels = labels(1000, 3);

    int[][] a = DirichletSplit.split(labels, CLASSES, 10, 0.5, 42, 5);
    int[][] b = DirichletSplit.split(labels, CLASSES, 10, 0.5, 42, 5);
    int[][] c = DirichletSplit.split(labels, CLASSES, 10, 0.5, 43, 5);

    assertThat(a).isDeepEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void smallAlpha_skewsLabels_largeAlpha_approachesIid() {
    // Arrange: 6000 examples, 600 per class, 20 devices.
    int[] labels = labels(6000, 7);

    // Act
    double skewed = meanTopClassShare(labels, DirichletSplit.split(labels, CLASSES, 20, 0.1, 1, 1));
    double iid = meanTopClassShare(labels, DirichletSplit.split(labels, CLASSES, 20, 1000, 1, 1));

    // Assert: with alpha 0.1 a device's largest class holds most of its data; with alpha 1000
    // each class holds about a tenth.
    assertThat(skewed).isGreaterThan(0.6);
    assertThat(iid).isLessThan(0.2);
  }

  @Test
  void shardSizes_followTheDraw_andRespectTheMinimum() {
    int[] labels = labels(600, 11);

    int[][] shards = DirichletSplit.split(labels, CLASSES, 20, 0.5, 1, 8);

    assertThat(Arrays.stream(shards).mapToInt(s -> s.length).min().orElseThrow())
        .isGreaterThanOrEqualTo(8);
    // Non-IID by quantity too: not every device gets the same 30 examples.
    assertThat(Arrays.stream(shards).mapToInt(s -> s.length).distinct().count()).isGreaterThan(1);
  }

  @Test
  void split_refuses_aMinimumNoDrawCanMeet() {
    int[] labels = labels(100, 1);

    assertThatThrownBy(() -> DirichletSplit.split(labels, CLASSES, 10, 0.5, 1, 11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minPerDevice (11)");
    assertThatThrownBy(() -> DirichletSplit.split(labels, CLASSES, 10, 0, 1, 1))
        .hasMessageContaining("alpha (0.0)");
  }

  @Test
  void gamma_hasTheRightMean() {
    SplittableRandom random = new SplittableRandom(5);
    for (double shape : new double[] {0.1, 0.5, 2, 9}) {
      double sum = 0;
      int n = 20_000;
      for (int i = 0; i < n; i++) {
        sum += Gamma.gamma(shape, random);
      }
      // The mean of Gamma(k, 1) is k; 20k draws put the sample mean within a few percent.
      assertThat(sum / n).isCloseTo(shape, org.assertj.core.data.Percentage.withPercentage(6));
    }
  }

  private static double meanTopClassShare(int[] labels, int[][] shards) {
    double total = 0;
    for (int[] s : shards) {
      int[] counts = new int[CLASSES];
      for (int i : s) {
        counts[labels[i]]++;
      }
      total += Arrays.stream(counts).max().orElse(0) / (double) Math.max(1, s.length);
    }
    return total / shards.length;
  }

  /** Balanced labels in a shuffled order. */
  private static int[] labels(int n, long seed) {
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      l[i] = i % CLASSES;
    }
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = l[i];
      l[i] = l[j];
      l[j] = t;
    }
    return l;
  }
}
