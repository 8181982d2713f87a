package io.fleetlearn.compression.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FloatRadixSortProperties {

  @Property(tries = 50)
  void sortsLikeArraysSort(
      @ForAll @IntRange(min = 0, max = 5000) int n,
      @ForAll @IntRange(min = 0, max = 3) int kind,
      @ForAll long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] a = new float[n + 3];
    for (int i = 0; i < a.length; i++) {
      a[i] =
          switch (kind) {
            case 0 -> (float) rng.nextGaussian();
            case 1 -> Float.intBitsToFloat(rng.nextInt()); // any bit pattern, NaNs included
            case 2 -> rng.nextInt(5) - 2; // few distinct values
            default -> (float) (rng.nextGaussian() * 1e30);
          };
    }
    float[] expected = Arrays.copyOfRange(a, 3, a.length);
    Arrays.sort(expected);
    float[] actual = FloatRadixSort.sortedCopy(a, 3, n);
    assertThat(Arrays.equals(actual, expected)).as("sorted bits equal").isTrue();
  }

  @Test
  void ordersSignedZerosAndInfinitiesLikeFloatCompare() {
    float[] a = new float[2000];
    for (int i = 0; i < a.length; i++) {
      a[i] =
          switch (i % 5) {
            case 0 -> -0.0f;
            case 1 -> 0.0f;
            case 2 -> Float.NEGATIVE_INFINITY;
            case 3 -> Float.POSITIVE_INFINITY;
            default -> -Float.MIN_VALUE;
          };
    }
    float[] expected = a.clone();
    Arrays.sort(expected);
    assertThat(Arrays.equals(FloatRadixSort.sortedCopy(a, 0, a.length), expected)).isTrue();
  }
}
