package io.fleetlearn.aggregation.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SelectionTest {

  @Test
  void medianOfOddCountIsTheMiddleValue() {
    assertThat(Selection.median(new float[] {1, 2, 3, 100, -50}, 5)).isEqualTo(2f);
  }

  @Test
  void medianOfEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertThat(Selection.median(new float[] {1, 2, 3, 100}, 4)).isEqualTo(2.5f);
    assertThat(Selection.median(new float[] {-7, 20, 0, 10}, 4)).isEqualTo(5f);
  }

  @Test
  void medianOfOneValueIsThatValue() {
    assertThat(Selection.median(new float[] {-4.5f}, 1)).isEqualTo(-4.5f);
  }

  @Test
  void trimmedMeanDropsTheExtremesAtEachEnd() {
    assertThat(Selection.trimmedMean(new float[] {10, 20, -7, 0, 4}, 5, 1)).isEqualTo(14f / 3);
    assertThat(Selection.trimmedMean(new float[] {9, 1, 1e30f, -1e30f, 5, 3, 2}, 7, 2))
        .isEqualTo(10f / 3);
  }

  @Test
  void trimmedMeanWithoutTrimIsTheMean() {
    assertThat(Selection.trimmedMean(new float[] {1, 2, 6}, 3, 0)).isEqualTo(3f);
  }

  @Test
  void trimmingHalfOrMoreIsRefused() {
    assertThatThrownBy(() -> Selection.trimmedMean(new float[] {1, 2, 3, 4}, 4, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot trim 2");
  }

  @Test
  void selectOnManyEqualValuesAndLongSortedRunsFinds() {
    // Sorted, reversed and constant inputs are where a careless pivot goes quadratic.
    int n = 100_001;
    float[] up = new float[n];
    float[] down = new float[n];
    float[] same = new float[n];
    for (int i = 0; i < n; i++) {
      up[i] = i;
      down[i] = n - 1 - i;
      same[i] = 7;
    }
    assertThat(Selection.select(up, n, 12_345)).isEqualTo(12_345f);
    assertThat(Selection.select(down, n, 99_999)).isEqualTo(99_999f);
    assertThat(Selection.select(same, n, 50_000)).isEqualTo(7f);
  }

  @Test
  void selectRejectsARankOutsideTheRange() {
    assertThatThrownBy(() -> Selection.select(new float[3], 3, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
