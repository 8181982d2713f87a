package io.fleetlearn.compression.lowrank;

import java.util.Arrays;
import java.util.Objects;

/**
 * A rank-{@code rank} factorization {@code A ~ left * right} of a {@code rows x cols} matrix.
 *
 * <p>{@code left} is {@code rows x rank} and {@code right} is {@code rank x cols}, both row-major.
 * {@link TruncatedSvd} folds the singular values in symmetrically: {@code left = U_r sqrt(S_r)} and
 * {@code right = sqrt(S_r) V_r^T}, so that both factors have comparable magnitudes, which is what a
 * quantizer applied to the factors afterwards wants.
 *
 * <p>The arrays are copied on the way in and on the way out, so a factorization is immutable;
 * {@link #reconstruct} is the allocation-free path.
 *
 * @param rows rows of the matrix, at least 1
 * @param cols columns of the matrix, at least 1
 * @param rank inner dimension, in {@code [1, min(rows, cols)]}
 * @param left {@code rows * rank} values, row-major
 * @param right {@code rank * cols} values, row-major
 * @param relativeError {@code ||A - left*right||_F / ||A||_F} (0 for a zero matrix), or NaN when
 *     unknown, as on the decoding side
 */
public record LowRankFactors(
    int rows, int cols, int rank, float[] left, float[] right, double relativeError) {

  /** Validates the dimensions against the array lengths and copies both arrays. */
  public LowRankFactors {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException(
          "matrix of " + rows + " x " + cols + " must have at least one row and one column");
    }
    if (rank < 1 || rank > Math.min(rows, cols)) {
      throw new IllegalArgumentException(
          "rank ("
              + rank
              + ") must be in [1, "
              + Math.min(rows, cols)
              + "] for a "
              + rows
              + " x "
              + cols
              + " matrix");
    }
    if (left.length != (long) rows * rank) {
      throw new IllegalArgumentException(
          "left factor has " + left.length + " values, expected " + rows + " x " + rank);
    }
    if (right.length != (long) rank * cols) {
      throw new IllegalArgumentException(
          "right factor has " + right.length + " values, expected " + rank + " x " + cols);
    }
    if (relativeError < 0) {
      throw new IllegalArgumentException(
          "relative error (" + relativeError + ") must be >= 0 or NaN");
    }
    left = left.clone();
    right = right.clone();
  }

  /** A copy of the {@code rows x rank} left factor. */
  @Override
  public float[] left() {
    return left.clone();
  }

  /** A copy of the {@code rank x cols} right factor. */
  @Override
  public float[] right() {
    return right.clone();
  }

  /** Values stored by the factors, {@code rank * (rows + cols)}. */
  public long parameters() {
    return (long) rank * (rows + cols);
  }

  /**
   * Writes the {@code rows x cols} product {@code left * right}, row-major, to {@code dst[off..]}.
   * Cost {@code rows * cols * rank} multiply-adds.
   */
  public void reconstruct(float[] dst, int off) {
    int n = rows * cols;
    Objects.checkFromIndexSize(off, n, dst.length);
    // i-k-j order: the inner loop streams a row of right into a row of dst, which vectorizes.
    for (int i = 0; i < rows; i++) {
      int row = off + i * cols;
      Arrays.fill(dst, row, row + cols, 0f);
      for (int k = 0; k < rank; k++) {
        float l = left[i * rank + k];
        int r = k * cols;
        for (int j = 0; j < cols; j++) {
          dst[row + j] += l * right[r + j];
        }
      }
    }
  }

  /** The product {@code left * right} as a new row-major array. */
  public float[] reconstruct() {
    float[] dst = new float[rows * cols];
    reconstruct(dst, 0);
    return dst;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LowRankFactors f
        && rows == f.rows
        && cols == f.cols
        && rank == f.rank
        && Arrays.equals(left, f.left)
        && Arrays.equals(right, f.right)
        && Double.compare(relativeError, f.relativeError) == 0;
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(rows, cols, rank, relativeError);
    h = 31 * h + Arrays.hashCode(left);
    return 31 * h + Arrays.hashCode(right);
  }

  @Override
  public String toString() {
    return "LowRankFactors["
        + rows
        + " x "
        + cols
        + ", rank "
        + rank
        + ", relative error "
        + relativeError
        + "]";
  }
}
