package io.fleetlearn.compression.lowrank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TruncatedSvdTest {

  static float[] gaussian(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rng.nextGaussian();
    }
    return a;
  }

  /**
   * A rows x cols matrix with singular values decay^i in random orthogonal directions, plus noise.
   */
  static float[] decaying(int rows, int cols, double decay, double noise, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int k = Math.min(rows, cols);
    double[] a = new double[rows * cols];
    double s = 1;
    for (int t = 0; t < k; t++, s *= decay) {
      double[] u = new double[rows];
      double[] v = new double[cols];
      for (int i = 0; i < rows; i++) {
        u[i] = rng.nextGaussian() / Math.sqrt(rows);
      }
      for (int j = 0; j < cols; j++) {
        v[j] = rng.nextGaussian() / Math.sqrt(cols);
      }
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          a[i * cols + j] += s * u[i] * v[j];
        }
      }
    }
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) (a[i] + noise * rng.nextGaussian());
    }
    return f;
  }

  /** ||a - reconstruction||_F / ||a||_F, in double. */
  static double measuredError(float[] a, int off, LowRankFactors f) {
    float[] r = f.reconstruct();
    double num = 0;
    double den = 0;
    for (int i = 0; i < r.length; i++) {
      double x = a[off + i];
      double d = x - r[i];
      num += d * d;
      den += x * x;
    }
    return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
  }

  @Test
  void fullRankReconstructsExactly() {
    for (int[] d : new int[][] {{7, 5}, {5, 7}, {6, 6}}) {
      float[] a = gaussian(d[0] * d[1], d[0] * 31L + d[1]);
      LowRankFactors f = TruncatedSvd.byRank(a, 0, d[0], d[1], Math.min(d[0], d[1]));
      assertThat(f.rank()).isEqualTo(Math.min(d[0], d[1]));
      assertThat(f.relativeError()).isLessThan(1e-12);
      assertThat(measuredError(a, 0, f)).isLessThan(1e-4);
    }
  }

  @Test
  void errorDecreasesWithRankAndMatchesMeasuredError() {
    int rows = 30;
    int cols = 20;
    float[] a = gaussian(rows * cols, 7);
    double previous = Double.POSITIVE_INFINITY;
    for (int r = 1; r <= 20; r++) {
      LowRankFactors f = TruncatedSvd.byRank(a, 0, rows, cols, r);
      assertThat(f.relativeError()).isLessThan(previous);
      assertThat(f.relativeError()).isCloseTo(measuredError(a, 0, f), within(1e-5));
      previous = f.relativeError();
    }
  }

  @Test
  void rankIsClampedToTheSmallerDimension() {
    float[] a = gaussian(12, 3);
    assertThat(TruncatedSvd.byRank(a, 0, 3, 4, 99).rank()).isEqualTo(3);
  }

  @Test
  void byEnergyKeepsTheRequestedEnergyWithTheSmallestRank() {
    int rows = 40;
    int cols = 25;
    float[] a = decaying(rows, cols, 0.8, 0, 11);
    for (double energy : new double[] {0.1, 0.5, 0.9, 0.99, 0.9999, 1.0}) {
      LowRankFactors f = TruncatedSvd.byEnergy(a, 0, rows, cols, energy);
      double retained = 1 - f.relativeError() * f.relativeError();
      assertThat(retained).isGreaterThanOrEqualTo(energy - 1e-12);
      if (f.rank() > 1) {
        LowRankFactors smaller = TruncatedSvd.byRank(a, 0, rows, cols, f.rank() - 1);
        assertThat(1 - smaller.relativeError() * smaller.relativeError()).isLessThan(energy);
      }
      assertThat(f.relativeError()).isCloseTo(measuredError(a, 0, f), within(1e-5));
    }
  }

  @Test
  void rankForPicksTheSmallestRankReachingTheEnergy() {
    double[] s = {3, 2, 1, 0}; // energies 9, 4, 1 of 14
    assertThat(TruncatedSvd.rankFor(s, 9 / 14.0)).isEqualTo(1);
    assertThat(TruncatedSvd.rankFor(s, 9 / 14.0 + 1e-9)).isEqualTo(2);
    assertThat(TruncatedSvd.rankFor(s, 13 / 14.0)).isEqualTo(2);
    assertThat(TruncatedSvd.rankFor(s, 1.0)).isEqualTo(3);
    assertThat(TruncatedSvd.rankFor(new double[] {0, 0}, 1.0)).isEqualTo(1);
  }

  @Test
  void rankForRejectsBadInput() {
    assertThatThrownBy(() -> TruncatedSvd.rankFor(new double[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("energy");
    assertThatThrownBy(() -> TruncatedSvd.rankFor(new double[] {1}, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TruncatedSvd.rankFor(new double[] {1, 2}, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("descending");
    assertThatThrownBy(() -> TruncatedSvd.rankFor(new double[0], 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void zeroMatrixGivesZeroFactorsAndZeroError() {
    float[] a = new float[300];
    for (LowRankFactors f :
        new LowRankFactors[] {
          TruncatedSvd.byRank(a, 0, 20, 15, 3),
          TruncatedSvd.byRank(a, 0, 100, 3, 1),
          TruncatedSvd.randomized(a, 0, 20, 15, 2, new SplittableRandom(1)),
          TruncatedSvd.byEnergy(a, 0, 20, 15, 0.9)
        }) {
      assertThat(f.relativeError()).isZero();
      assertThat(f.reconstruct()).containsOnly(0f);
    }
    assertThat(TruncatedSvd.byEnergy(a, 0, 20, 15, 1.0).rank()).isEqualTo(1);
  }

  @Test
  void singleRowAndSingleColumnAreRankOne() {
    float[] a = gaussian(9, 5);
    for (int[] d : new int[][] {{1, 9}, {9, 1}}) {
      LowRankFactors f = TruncatedSvd.byRank(a, 0, d[0], d[1], 1);
      assertThat(f.rank()).isEqualTo(1);
      assertThat(f.relativeError()).isLessThan(1e-12);
      assertThat(measuredError(a, 0, f)).isLessThan(1e-6);
      assertThat(TruncatedSvd.byEnergy(a, 0, d[0], d[1], 1.0).rank()).isEqualTo(1);
    }
    LowRankFactors one = TruncatedSvd.byRank(new float[] {-2.5f}, 0, 1, 1, 1);
    assertThat(one.reconstruct()).containsExactly(-2.5f);
  }

  @Test
  void rankDeficientMatrixIsRecoveredAtItsRank() {
    // Sum of two outer products: rank 2 exactly.
    int rows = 12;
    int cols = 9;
    float[] u1 = gaussian(rows, 1);
    float[] v1 = gaussian(cols, 2);
    float[] u2 = gaussian(rows, 3);
    float[] v2 = gaussian(cols, 4);
    float[] a = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        a[i * cols + j] = u1[i] * v1[j] + u2[i] * v2[j];
      }
    }
    assertThat(TruncatedSvd.byEnergy(a, 0, rows, cols, 0.999999).rank()).isEqualTo(2);
    LowRankFactors f = TruncatedSvd.byRank(a, 0, rows, cols, 2);
    assertThat(f.relativeError()).isLessThan(1e-6);
    assertThat(measuredError(a, 0, f)).isLessThan(1e-5);
    LowRankFactors full = TruncatedSvd.byRank(a, 0, rows, cols, 9);
    assertThat(measuredError(a, 0, full)).isLessThan(1e-5);
  }

  @Test
  void readsTheMatrixAtItsOffset() {
    float[] a = gaussian(2 + 5 * 4, 9);
    float[] b = java.util.Arrays.copyOfRange(a, 2, a.length);
    assertThat(TruncatedSvd.byRank(a, 2, 5, 4, 2)).isEqualTo(TruncatedSvd.byRank(b, 0, 5, 4, 2));
  }

  @Test
  void tensorIsViewedAsFirstDimensionByTheRest() {
    float[] a = gaussian(4 * 3 * 2 * 2, 12);
    Tensor t = Tensor.of("conv", Shape.of(4, 3, 2, 2), a);
    LowRankFactors f = TruncatedSvd.byRank(t, 2);
    assertThat(f.rows()).isEqualTo(4);
    assertThat(f.cols()).isEqualTo(12);
    assertThat(f).isEqualTo(TruncatedSvd.byRank(a, 0, 4, 12, 2));
    assertThat(TruncatedSvd.byEnergy(t, 1.0).rank()).isEqualTo(4);
    assertThatThrownBy(() -> TruncatedSvd.byRank(Tensor.of("b", Shape.of(3), new float[3]), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rank >= 2");
    assertThatThrownBy(() -> TruncatedSvd.byEnergy(Tensor.zeros("e", Shape.of(0, 3)), 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsBadArguments() {
    float[] a = new float[12];
    assertThatThrownBy(() -> TruncatedSvd.byRank(a, 0, 3, 4, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rank (0)");
    assertThatThrownBy(() -> TruncatedSvd.byRank(a, 1, 3, 4, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not fit");
    assertThatThrownBy(() -> TruncatedSvd.byEnergy(a, 0, 3, 4, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("energy");
    assertThatThrownBy(() -> TruncatedSvd.byRank(new float[] {Float.NaN}, 0, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void randomizedErrorIsCloseToTheOptimumAndReportedExactly() {
    int rows = 300;
    int cols = 200;
    float[] a = decaying(rows, cols, 0.93, 1e-3, 21);
    for (int rank : new int[] {5, 20}) {
      LowRankFactors best = TruncatedSvd.exact(a, 0, rows, cols, rank);
      LowRankFactors fast =
          TruncatedSvd.randomized(a, 0, rows, cols, rank, new SplittableRandom(rank));
      assertThat(fast.rank()).isEqualTo(rank);
      assertThat(fast.relativeError()).isGreaterThanOrEqualTo(best.relativeError() - 1e-9);
      assertThat(fast.relativeError()).isLessThanOrEqualTo(1.05 * best.relativeError());
      assertThat(fast.relativeError()).isCloseTo(measuredError(a, 0, fast), within(1e-5));
      assertThat(best.relativeError()).isCloseTo(measuredError(a, 0, best), within(1e-5));
    }
  }

  @Test
  void randomizedOnGaussianNoiseStaysWithinASmallFactor() {
    // Flat spectrum: the hardest case for a sketch.
    int rows = 200;
    int cols = 160;
    float[] a = gaussian(rows * cols, 99);
    LowRankFactors best = TruncatedSvd.exact(a, 0, rows, cols, 10);
    LowRankFactors auto = TruncatedSvd.byRank(a, 0, rows, cols, 10);
    assertThat(auto.relativeError()).isLessThanOrEqualTo(1.05 * best.relativeError());
    assertThat(auto.relativeError()).isCloseTo(measuredError(a, 0, auto), within(1e-5));
    assertThat(TruncatedSvd.byRank(a, 0, rows, cols, 10)).isEqualTo(auto);
  }

  @Test
  void singularValuesAreDescending() {
    float[] a = decaying(10, 6, 0.5, 0, 4);
    double[] s = TruncatedSvd.singularValues(a, 0, 10, 6);
    assertThat(s).hasSize(6);
    for (int i = 1; i < s.length; i++) {
      assertThat(s[i]).isLessThanOrEqualTo(s[i - 1]);
    }
    // The squared singular values sum to the squared Frobenius norm.
    double energy = 0;
    for (double v : s) {
      energy += v * v;
    }
    double norm = 0;
    for (float v : a) {
      norm += (double) v * v;
    }
    assertThat(energy).isCloseTo(norm, within(1e-9 * norm));
  }
}
