package io.fleetlearn.compression.tensor;

import java.util.Arrays;

/**
 * The dimensions of a tensor, outermost first (row-major). For weights the first dimension is the
 * output unit or channel, as in DJL's {@code Linear} ({@code [out, in]}) and {@code Conv2d} ({@code
 * [outC, inC, kH, kW]}).
 */
public final class Shape {
  /** Rank above which a tensor is almost certainly a corrupt header, not a model layer. */
  public static final int MAX_RANK = 8;

  private final int[] dims;
  private final long size;

  private Shape(int[] dims) {
    if (dims.length > MAX_RANK) {
      throw new IllegalArgumentException("rank (" + dims.length + ") must be at most " + MAX_RANK);
    }
    long n = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        throw new IllegalArgumentException("dimension " + i + " (" + dims[i] + ") must be >= 0");
      }
      n *= dims[i];
      if (n > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(dims) + " has more elements than a Java array can hold");
      }
    }
    this.dims = dims;
    this.size = n;
  }

  public static Shape of(int... dims) {
    return new Shape(dims.clone());
  }

  public int rank() {
    return dims.length;
  }

  public int dim(int i) {
    return dims[i];
  }

  public int[] dims() {
    return dims.clone();
  }

  /** Number of elements. */
  public int size() {
    return (int) size;
  }

  /** Rows for per-output-channel schemes: the first dimension, or 1 for a scalar. */
  public int rows() {
    return dims.length == 0 ? 1 : dims[0];
  }

  /** Elements per row (per output channel). */
  public int rowLength() {
    return dims.length == 0 || dims[0] == 0 ? (int) size : (int) (size / dims[0]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
