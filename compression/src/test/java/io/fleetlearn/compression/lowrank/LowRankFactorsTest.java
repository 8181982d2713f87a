package io.fleetlearn.compression.lowrank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LowRankFactorsTest {

  @Test
  void reconstructMultipliesLeftByRight() {
    // [1 2; 3 4; 5 6] * [1 0 2; 0 1 3]
    LowRankFactors f =
        new LowRankFactors(
            3, 3, 2, new float[] {1, 2, 3, 4, 5, 6}, new float[] {1, 0, 2, 0, 1, 3}, Double.NaN);
    float[] dst = new float[11];
    dst[0] = 42;
    dst[10] = 43;
    f.reconstruct(dst, 1);
    assertThat(dst).containsExactly(42, 1, 2, 8, 3, 4, 18, 5, 6, 28, 43);
  }

  @Test
  void reconstructOverwritesStaleValues() {
    LowRankFactors f = new LowRankFactors(1, 2, 1, new float[] {2}, new float[] {3, 4}, 0);
    float[] dst = {9, 9};
    f.reconstruct(dst, 0);
    assertThat(dst).containsExactly(6, 8);
  }

  @Test
  void reconstructRejectsDestinationTooSmall() {
    LowRankFactors f = new LowRankFactors(2, 2, 1, new float[2], new float[2], 0);
    assertThatThrownBy(() -> f.reconstruct(new float[4], 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void arraysAreCopiedInAndOut() {
    float[] left = {1, 2};
    float[] right = {3, 4};
    LowRankFactors f = new LowRankFactors(2, 2, 1, left, right, 0);
    left[0] = 100;
    f.right()[0] = 100;
    assertThat(f.left()).containsExactly(1, 2);
    assertThat(f.right()).containsExactly(3, 4);
  }

  @Test
  void equalityComparesArrayContents() {
    LowRankFactors a = new LowRankFactors(2, 2, 1, new float[] {1, 2}, new float[] {3, 4}, 0.5);
    LowRankFactors b = new LowRankFactors(2, 2, 1, new float[] {1, 2}, new float[] {3, 4}, 0.5);
    LowRankFactors c = new LowRankFactors(2, 2, 1, new float[] {1, 2}, new float[] {3, 5}, 0.5);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    assertThat(a.parameters()).isEqualTo(4);
  }

  @Test
  void constructorRejectsInconsistentDimensions() {
    assertThatThrownBy(() -> new LowRankFactors(0, 2, 1, new float[0], new float[2], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one row");
    assertThatThrownBy(() -> new LowRankFactors(2, 2, 0, new float[0], new float[0], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rank (0)");
    assertThatThrownBy(() -> new LowRankFactors(2, 3, 3, new float[6], new float[9], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rank (3)");
    assertThatThrownBy(() -> new LowRankFactors(2, 3, 1, new float[3], new float[3], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("left factor has 3 values");
    assertThatThrownBy(() -> new LowRankFactors(2, 3, 1, new float[2], new float[2], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("right factor has 2 values");
    assertThatThrownBy(() -> new LowRankFactors(2, 3, 1, new float[2], new float[3], -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relative error");
  }

  @Test
  void rowsTimesRankOverflowIsRejectedNotWrapped() {
    // 65536 * 65536 wraps to 0 in int arithmetic; the length check is done in long.
    assertThatThrownBy(
            () -> new LowRankFactors(65536, 65536, 65536, new float[0], new float[0], Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("left factor");
  }
}
