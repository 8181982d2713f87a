package io.fleetlearn.compression.prune;

import io.fleetlearn.compression.tensor.Shape;

/**
 * How the elements of one tensor sliced to a prefix of its first two dimensions sit in the full
 * tensor: {@code rows} runs of {@code length} elements, run {@code r} starting at {@code r *
 * fullStride} in the full tensor and at {@code r * slicedStride} in the sliced one. Runs are
 * maximal: when the second dimension is kept whole the kept rows are contiguous in both layouts and
 * form a single run, so a tensor kept whole or cut along dimension 0 only costs one {@code
 * arraycopy}.
 *
 * <p>Row-major order makes this exact for every slice that keeps a prefix of dimension 0 and of
 * dimension 1 and all of the further dimensions: the kept elements of one dimension-0 row are the
 * first {@code keep1 * inner} elements of that row.
 */
record PrefixBlock(int rows, int fullStride, int slicedStride, int length) {

  /**
   * The block mapping {@code sliced} into {@code full}; {@code sliced} must have the same rank,
   * dimensions 0 and 1 no larger, and the further dimensions equal.
   */
  static PrefixBlock of(String name, Shape full, Shape sliced) {
    if (full.rank() != sliced.rank()) {
      throw new IllegalArgumentException(
          "tensor " + name + ": sliced shape " + sliced + " has another rank than " + full);
    }
    int rank = full.rank();
    for (int d = 0; d < rank; d++) {
      boolean ok = d < 2 ? sliced.dim(d) <= full.dim(d) : sliced.dim(d) == full.dim(d);
      if (!ok) {
        throw new IllegalArgumentException(
            "tensor " + name + ": " + sliced + " is not a prefix slice of " + full);
      }
    }
    if (sliced.size() == 0) {
      return new PrefixBlock(0, 0, 0, 0);
    }
    if (rank < 2 || sliced.dim(1) == full.dim(1) || sliced.dim(0) == 1) {
      // Kept rows are whole rows (or there is one row): one contiguous run from the start.
      return new PrefixBlock(1, 0, 0, sliced.size());
    }
    int inner = full.rowLength() / full.dim(1);
    return new PrefixBlock(
        sliced.dim(0), full.dim(1) * inner, sliced.dim(1) * inner, sliced.dim(1) * inner);
  }

  /** Copies the covered elements of a full tensor into a sliced one. */
  void gather(float[] full, int fullOff, float[] sliced, int slicedOff) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(
          full, fullOff + r * fullStride, sliced, slicedOff + r * slicedStride, length);
    }
  }

  /** Writes a sliced tensor's elements back to their positions in a full one. */
  void scatter(float[] sliced, int slicedOff, float[] full, int fullOff) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(
          sliced, slicedOff + r * slicedStride, full, fullOff + r * fullStride, length);
    }
  }

  void forEachRun(int tensor, SlicePlan.RunConsumer c) {
    for (int r = 0; r < rows; r++) {
      c.accept(tensor, r * fullStride, r * slicedStride, length);
    }
  }
}
