package io.fleetlearn.compression.lowrank;

import io.fleetlearn.compression.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Truncated singular value decomposition of a row-major float matrix, in double precision (EJML).
 *
 * <p><b>Error.</b> Keeping the {@code r} largest singular values gives the best rank-{@code r}
 * approximation in the Frobenius norm (Eckart-Young), with relative error exactly {@code
 * sqrt(sum_{i >= r} s_i^2 / sum_i s_i^2)}; that is the {@link LowRankFactors#relativeError()}
 * reported. Storing the factors as float adds a relative error of order 1e-7 on top.
 *
 * <p><b>Cost.</b> The exact SVD is {@code O(mn min(m, n))} time and {@code O(mn)} memory: about a
 * second or more for 1024 x 1024. When the requested rank is small ({@code 4 (rank + 10) <= min(m,
 * n)}), {@link #byRank} switches to the randomized SVD of Halko, Martinsson and Tropp (2011):
 * {@code O(mn (rank + 10))} time, with an error within a small factor of the optimum (usually
 * within a few percent for decaying spectra), and the error it reports is measured, not estimated.
 * {@link #byEnergy} needs every singular value and always takes the exact path.
 *
 * <p>A tensor of rank 2 or more is viewed as a {@code dim0 x (size / dim0)} matrix: output units by
 * everything else, as for per-channel schemes.
 */
public final class TruncatedSvd {
  /** Extra sketch columns of the randomized SVD (Halko et al. recommend 5 to 10). */
  public static final int OVERSAMPLING = 10;

  /** Power iterations of the randomized SVD; two suffice for slowly decaying spectra. */
  public static final int POWER_ITERATIONS = 2;

  /** Seed of the Gaussian sketch when the caller gives no generator, so results are repeatable. */
  private static final long DEFAULT_SEED = 0x5EED_1DEA_5EEDL;

  private TruncatedSvd() {}

  /**
   * The rank-{@code rank} truncated SVD of the {@code rows x cols} matrix at {@code a[off..]}.
   * {@code rank} must be at least 1 and is clamped to {@code min(rows, cols)}. Small ranks of large
   * matrices use the randomized SVD with a fixed seed (see the class comment), so the result is
   * deterministic either way.
   */
  public static LowRankFactors byRank(float[] a, int off, int rows, int cols, int rank) {
    checkMatrix(a, off, rows, cols);
    int r = clampRank(rank, rows, cols);
    if (4L * (r + OVERSAMPLING) <= Math.min(rows, cols)) {
      return randomized(a, off, rows, cols, r, new SplittableRandom(DEFAULT_SEED));
    }
    return exact(a, off, rows, cols, r);
  }

  /** {@link #byRank(float[], int, int, int, int)} of a tensor viewed as {@code dim0 x rest}. */
  public static LowRankFactors byRank(Tensor t, int rank) {
    checkTensor(t);
    return byRank(t.array(), t.offset(), t.shape().dim(0), t.size() / t.shape().dim(0), rank);
  }

  /**
   * The exact rank-{@code rank} truncated SVD, whatever the sizes. {@code rank} is clamped to
   * {@code min(rows, cols)} and must be at least 1.
   */
  public static LowRankFactors exact(float[] a, int off, int rows, int cols, int rank) {
    checkMatrix(a, off, rows, cols);
    int r = clampRank(rank, rows, cols);
    Svd svd = svd(toMatrix(a, off, rows, cols));
    return factors(svd.u, svd.s, svd.vt, r, droppedError(svd.s, r));
  }

  /**
   * The randomized rank-{@code rank} SVD (Halko et al. 2011, algorithms 4.4 and 5.1): a Gaussian
   * sketch of {@code rank + 10} columns, {@link #POWER_ITERATIONS} orthonormalized power
   * iterations, then the exact SVD of the small projected matrix. The reported error is measured
   * exactly (by Pythagoras over the orthogonal projection), not estimated. Falls back to {@link
   * #exact} when the sketch would not be smaller than the matrix.
   */
  public static LowRankFactors randomized(
      float[] a, int off, int rows, int cols, int rank, RandomGenerator rng) {
    checkMatrix(a, off, rows, cols);
    Objects.requireNonNull(rng, "rng");
    int r = clampRank(rank, rows, cols);
    int l = r + OVERSAMPLING;
    if (l >= Math.min(rows, cols)) {
      return exact(a, off, rows, cols, r);
    }
    DMatrixRMaj m = toMatrix(a, off, rows, cols);
    if (CommonOps_DDRM.elementMaxAbs(m) == 0) {
      // A zero sketch has no range to orthonormalize; the zero factors are exact.
      return new LowRankFactors(rows, cols, r, new float[rows * r], new float[r * cols], 0);
    }
    DMatrixRMaj omega = new DMatrixRMaj(cols, l);
    double[] od = omega.data;
    for (int i = 0; i < od.length; i++) {
      od[i] = rng.nextGaussian();
    }
    // Every product below is a plain row-major A*X or A^T*X with A^T materialized: EJML's
    // transposed-operand kernel strides through A; this made the whole call about 1.3x faster.
    DMatrixRMaj mt = CommonOps_DDRM.transpose(m, null);
    DMatrixRMaj y = new DMatrixRMaj(rows, l);
    CommonOps_DDRM.mult(m, omega, y);
    DMatrixRMaj q = orthonormalize(y);
    DMatrixRMaj z = new DMatrixRMaj(cols, l);
    for (int it = 0; it < POWER_ITERATIONS; it++) {
      // Re-orthonormalizing between products keeps small singular directions from being lost
      // to rounding (Halko et al., algorithm 4.4).
      CommonOps_DDRM.mult(mt, q, z);
      DMatrixRMaj w = orthonormalize(z);
      CommonOps_DDRM.mult(m, w, y);
      q = orthonormalize(y);
    }
    CommonOps_DDRM.mult(mt, q, z);
    DMatrixRMaj b = CommonOps_DDRM.transpose(z, null); // B = Q^T A, l x cols

    // ||A - A_r||^2 = ||A - QB||^2 + ||B - B_r||^2, since A - QB is orthogonal to range(Q), and
    // ||A - QB||^2 = ||A||^2 - ||B||^2 for the same reason. The subtraction loses only digits that
    // matter when the residual is below ~1e-8 of ||A||^2, i.e. a relative error below ~1e-4 is
    // reported to about 1e-8 absolute; an explicit residual would cost another full product.
    double total = normSquared(m.data);
    double residual = Math.max(0, total - normSquared(b.data));

    Svd small = svd(b);
    DMatrixRMaj u = new DMatrixRMaj(rows, small.u.numCols);
    CommonOps_DDRM.mult(q, small.u, u);
    double dropped = residual;
    for (int i = r; i < small.s.length; i++) {
      dropped += small.s[i] * small.s[i];
    }
    double error = total == 0 ? 0 : Math.sqrt(dropped / total);
    return factors(u, small.s, small.vt, r, error);
  }

  /**
   * The smallest-rank truncated SVD that keeps at least {@code energy} of the squared Frobenius
   * norm ({@code sum_{i < r} s_i^2 >= energy * sum_i s_i^2}); {@code energy} must be in (0, 1].
   * Always the exact SVD: the choice needs every singular value. A zero matrix gives rank 1.
   */
  public static LowRankFactors byEnergy(float[] a, int off, int rows, int cols, double energy) {
    checkMatrix(a, off, rows, cols);
    checkEnergy(energy);
    Svd svd = svd(toMatrix(a, off, rows, cols));
    int r = rankFor(svd.s, energy);
    return factors(svd.u, svd.s, svd.vt, r, droppedError(svd.s, r));
  }

  /**
   * {@link #byEnergy(float[], int, int, int, double)} of a tensor viewed as {@code dim0 x rest}.
   */
  public static LowRankFactors byEnergy(Tensor t, double energy) {
    checkTensor(t);
    return byEnergy(t.array(), t.offset(), t.shape().dim(0), t.size() / t.shape().dim(0), energy);
  }

  /**
   * The smallest rank {@code r >= 1} whose leading singular values keep at least {@code energy} of
   * the total {@code sum s_i^2}. {@code singularValues} must be non-negative and in descending
   * order; {@code energy} in (0, 1]. Returns 1 when every singular value is zero.
   */
  public static int rankFor(double[] singularValues, double energy) {
    checkEnergy(energy);
    if (singularValues.length == 0) {
      throw new IllegalArgumentException("no singular values");
    }
    double total = 0;
    for (int i = 0; i < singularValues.length; i++) {
      double s = singularValues[i];
      if (!(s >= 0) || (i > 0 && s > singularValues[i - 1])) {
        throw new IllegalArgumentException(
            "singular value " + i + " (" + s + ") is negative, NaN or out of descending order");
      }
      total += s * s;
    }
    if (total == 0) {
      return 1;
    }
    // Same summation order as the total, so that energy 1 stops at the last value at the latest.
    double target = energy * total;
    double kept = 0;
    for (int i = 0; i < singularValues.length; i++) {
      kept += singularValues[i] * singularValues[i];
      if (kept >= target) {
        return i + 1;
      }
    }
    return singularValues.length;
  }

  /** Singular values of the {@code rows x cols} matrix at {@code a[off..]}, descending. */
  public static double[] singularValues(float[] a, int off, int rows, int cols) {
    checkMatrix(a, off, rows, cols);
    SingularValueDecomposition_F64<DMatrixRMaj> d =
        DecompositionFactory_DDRM.svd(rows, cols, false, false, true);
    if (!d.decompose(toMatrix(a, off, rows, cols))) {
      throw new ArithmeticException("SVD of a " + rows + " x " + cols + " matrix did not converge");
    }
    double[] s = d.getSingularValues();
    double[] out = new double[d.numberOfSingularValues()];
    System.arraycopy(s, 0, out, 0, out.length);
    Arrays.sort(out);
    for (int i = 0, j = out.length - 1; i < j; i++, j--) {
      double t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  private record Svd(DMatrixRMaj u, double[] s, DMatrixRMaj vt) {}

  /** Compact SVD with singular values in descending order; consumes {@code m}. */
  private static Svd svd(DMatrixRMaj m) {
    SingularValueDecomposition_F64<DMatrixRMaj> d =
        DecompositionFactory_DDRM.svd(m.numRows, m.numCols, true, true, true);
    if (!d.decompose(m)) {
      throw new ArithmeticException(
          "SVD of a " + m.numRows + " x " + m.numCols + " matrix did not converge");
    }
    DMatrixRMaj u = d.getU(null, false);
    DMatrixRMaj w = d.getW(null);
    DMatrixRMaj vt = d.getV(null, true);
    SingularOps_DDRM.descendingOrder(u, false, w, vt, true);
    double[] s = new double[w.numCols];
    for (int i = 0; i < s.length; i++) {
      s[i] = w.get(i, i);
    }
    return new Svd(u, s, vt);
  }

  private static LowRankFactors factors(
      DMatrixRMaj u, double[] s, DMatrixRMaj vt, int r, double error) {
    int rows = u.numRows;
    int cols = vt.numCols;
    float[] left = new float[rows * r];
    float[] right = new float[r * cols];
    for (int k = 0; k < r; k++) {
      double h = Math.sqrt(s[k]);
      for (int i = 0; i < rows; i++) {
        left[i * r + k] = (float) (u.get(i, k) * h);
      }
      for (int j = 0; j < cols; j++) {
        right[k * cols + j] = (float) (h * vt.get(k, j));
      }
    }
    return new LowRankFactors(rows, cols, r, left, right, error);
  }

  /** {@code sqrt(sum_{i >= r} s_i^2 / sum s_i^2)}, 0 for a zero matrix. */
  private static double droppedError(double[] s, int r) {
    double total = 0;
    double dropped = 0;
    // Smallest first: the dropped tail is summed without being swamped by the head.
    for (int i = s.length - 1; i >= 0; i--) {
      double e = s[i] * s[i];
      total += e;
      if (i >= r) {
        dropped += e;
      }
    }
    return total == 0 ? 0 : Math.sqrt(dropped / total);
  }

  private static double normSquared(double[] d) {
    double s = 0;
    for (double v : d) {
      s += v * v;
    }
    return s;
  }

  private static DMatrixRMaj orthonormalize(DMatrixRMaj y) {
    QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(y.numRows, y.numCols);
    if (!qr.decompose(y.copy())) {
      throw new ArithmeticException("QR of a " + y.numRows + " x " + y.numCols + " sketch failed");
    }
    return qr.getQ(null, true);
  }

  private static DMatrixRMaj toMatrix(float[] a, int off, int rows, int cols) {
    DMatrixRMaj m = new DMatrixRMaj(rows, cols);
    double[] d = m.data;
    for (int i = 0; i < d.length; i++) {
      float v = a[off + i];
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("matrix element " + i + " is " + v);
      }
      d[i] = v;
    }
    return m;
  }

  private static int clampRank(int rank, int rows, int cols) {
    if (rank < 1) {
      throw new IllegalArgumentException("rank (" + rank + ") must be at least 1");
    }
    return Math.min(rank, Math.min(rows, cols));
  }

  private static void checkEnergy(double energy) {
    if (!(energy > 0 && energy <= 1)) {
      throw new IllegalArgumentException("energy (" + energy + ") must be in (0, 1]");
    }
  }

  private static void checkMatrix(float[] a, int off, int rows, int cols) {
    Objects.requireNonNull(a, "a");
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException(
          "matrix of " + rows + " x " + cols + " must have at least one row and one column");
    }
    long n = (long) rows * cols;
    if (off < 0 || off + n > a.length) {
      throw new IllegalArgumentException(
          rows
              + " x "
              + cols
              + " matrix at offset "
              + off
              + " does not fit "
              + a.length
              + " values");
    }
  }

  private static void checkTensor(Tensor t) {
    if (t.shape().rank() < 2 || t.size() == 0) {
      throw new IllegalArgumentException(
          "tensor " + t + " must have rank >= 2 and be non-empty to be factorized");
    }
  }
}
