package io.fleetlearn.compression.sharing;

import java.util.Arrays;

/**
 * The shared values of a tensor, sorted ascending. A value is represented by the index of its
 * nearest centroid, so its error is at most half the gap to the next centroid when it lies between
 * the first and last centroid, and at most the distance to the end centroid outside them.
 *
 * @param centroids at least one finite value, in non-decreasing order; copied in and out
 */
public record Codebook(float[] centroids) {

  /** Validates and copies the centroids. */
  public Codebook {
    if (centroids.length == 0) {
      throw new IllegalArgumentException("a codebook needs at least one centroid");
    }
    for (int i = 0; i < centroids.length; i++) {
      if (!Float.isFinite(centroids[i])) {
        throw new IllegalArgumentException("centroid " + i + " is " + centroids[i]);
      }
      if (i > 0 && centroids[i] < centroids[i - 1]) {
        throw new IllegalArgumentException(
            "centroid " + i + " (" + centroids[i] + ") is below centroid " + (i - 1));
      }
    }
    centroids = centroids.clone();
  }

  /** A copy of the centroids. */
  @Override
  public float[] centroids() {
    return centroids.clone();
  }

  public int size() {
    return centroids.length;
  }

  public float value(int index) {
    return centroids[index];
  }

  /**
   * The index of the centroid nearest to {@code x} (the lower one on a tie), by binary search:
   * {@code O(log size)}. Distances are compared in double, where the difference of two floats is
   * exact for all but extreme exponent gaps.
   */
  public int nearest(float x) {
    float[] c = centroids;
    int lo = 0;
    int hi = c.length - 1;
    if (x <= c[0]) {
      return 0;
    }
    if (x >= c[hi]) {
      return hi;
    }
    // Invariant: c[lo] < x <= c[hi].
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (c[mid] < x) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (double) x - c[lo] <= (double) c[hi] - x ? lo : hi;
  }

  /**
   * Half the largest gap between adjacent centroids: the error bound inside the codebook's range.
   */
  public double halfLargestGap() {
    double g = 0;
    for (int i = 1; i < centroids.length; i++) {
      g = Math.max(g, (double) centroids[i] - centroids[i - 1]);
    }
    return g / 2;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Codebook c && Arrays.equals(centroids, c.centroids);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(centroids);
  }

  @Override
  public String toString() {
    return "Codebook" + Arrays.toString(centroids);
  }
}
