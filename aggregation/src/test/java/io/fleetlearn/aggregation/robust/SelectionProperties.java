package io.fleetlearn.aggregation.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class SelectionProperties {

  /** Values with many ties, sign changes and a huge range, as updates with outliers have. */
  static float[] values(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] =
          switch (r.nextInt(4)) {
            case 0 -> r.nextInt(5) - 2;
            case 1 -> (float) r.nextGaussian();
            case 2 -> (float) ((r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextInt(31)));
            default -> (float) r.nextDouble(-1, 1);
          };
    }
    return a;
  }

  @Property(tries = 400)
  void selectAgreesWithSortAndPartitions(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int n, @ForAll int rank) {
    float[] a = values(seed, n);
    float[] sorted = a.clone();
    Arrays.sort(sorted);
    int k = Math.floorMod(rank, n);
    float got = Selection.select(a, n, k);
    assertThat(got == sorted[k]).as("rank %d: %s vs %s", k, got, sorted[k]).isTrue();
    for (int i = 0; i < k; i++) {
      assertThat(a[i] <= got).isTrue();
    }
    for (int i = k + 1; i < n; i++) {
      assertThat(a[i] >= got).isTrue();
    }
    Arrays.sort(a);
    assertThat(a).as("selection only permutes").isEqualTo(sorted);
  }

  @Property(tries = 400)
  void medianAgreesWithSortReference(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int n) {
    float[] a = values(seed, n);
    float[] s = a.clone();
    Arrays.sort(s);
    float want = n % 2 == 1 ? s[n / 2] : (float) (((double) s[n / 2 - 1] + s[n / 2]) / 2);
    float got = Selection.median(a, n);
    assertThat(got == want).as("%s vs %s", got, want).isTrue();
  }

  @Property(tries = 400)
  void trimmedMeanAgreesWithSortReference(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 60) int n,
      @ForAll @IntRange(min = 0, max = 29) int trim) {
    int t = Math.min(trim, (n - 1) / 2);
    float[] a = values(seed, n);
    float[] s = a.clone();
    Arrays.sort(s);
    double sum = 0;
    double largest = 0;
    for (int i = t; i < n - t; i++) {
      sum += s[i];
      largest = Math.max(largest, Math.abs(s[i]));
    }
    double want = sum / (n - 2 * t);
    float got = Selection.trimmedMean(a, n, t);
    // The same values summed in another order differ by double rounding of the largest kept
    // value (cancellation), plus the final rounding to float.
    assertThat((double) got).isCloseTo(want, within(largest * 1e-13 + Math.abs(want) * 1e-7));
  }
}
