package io.fleetlearn.aggregation.robust;

import java.util.Arrays;

/**
 * Order statistics of a float array by selection, not sorting: the per-coordinate kernels of the
 * coordinate-wise robust rules.
 *
 * <p>{@link #select} is an introselect: quickselect with a median-of-3 pivot, expected O(n); after
 * {@code 2·log2(n)} unlucky partitions (inputs crafted against median-of-3) it sorts what is left,
 * so the worst case is O(n log n), never O(n²). Ranges of at most 8 values finish by insertion, as
 * every practical quickselect does. The values must not be NaN (the robust rules refuse non-finite
 * updates before they are buffered).
 */
public final class Selection {
  private static final int SMALL = 8;

  private Selection() {}

  /**
   * Rearranges {@code a[0..n)} so that {@code a[k]} holds the value a full sort would put there,
   * every value before it is {@code <= a[k]} and every value after it is {@code >= a[k]}.
   *
   * @return {@code a[k]}
   */
  public static float select(float[] a, int n, int k) {
    if (k < 0 || k >= n || n > a.length) {
      throw new IllegalArgumentException("rank " + k + " outside 0.." + (n - 1) + " or n > array");
    }
    selectIn(a, 0, n - 1, k);
    return a[k];
  }

  /**
   * The median of {@code a[0..n)}: the middle value, or for even n the mean of the two middle ones
   * (computed in double). Reorders the array. Expected O(n).
   */
  public static float median(float[] a, int n) {
    int k = n >>> 1;
    float upper = select(a, n, k);
    if ((n & 1) == 1) {
      return upper;
    }
    // After selecting rank k, the lower middle (rank k - 1) is the largest value left of k.
    float lower = a[0];
    for (int i = 1; i < k; i++) {
      if (a[i] > lower) {
        lower = a[i];
      }
    }
    return (float) (((double) lower + upper) / 2);
  }

  /**
   * The mean of {@code a[0..n)} without its {@code t} smallest and {@code t} largest values (sum in
   * double). Reorders the array. Two selections and one pass: expected O(n).
   *
   * @param t how many values to drop at each end; {@code 2t < n}
   */
  public static float trimmedMean(float[] a, int n, int t) {
    if (t < 0 || 2L * t >= n) {
      throw new IllegalArgumentException("cannot trim " + t + " from each end of " + n + " values");
    }
    if (t > 0) {
      // Ranks below t move left of t; then ranks above n-t-1 move right of it, within [t, n).
      selectIn(a, 0, n - 1, t);
      selectIn(a, t, n - 1, n - t - 1);
    }
    double sum = 0;
    for (int i = t; i < n - t; i++) {
      sum += a[i];
    }
    return (float) (sum / (n - 2 * t));
  }

  private static void selectIn(float[] a, int lo, int hi, int k) {
    int budget = 2 * (32 - Integer.numberOfLeadingZeros(hi - lo + 1));
    while (hi - lo >= SMALL) {
      if (budget-- == 0) {
        Arrays.sort(a, lo, hi + 1);
        return;
      }
      int mid = (lo + hi) >>> 1;
      // Median of three to a[lo] <= a[mid] <= a[hi]; a[mid] is the pivot.
      if (a[mid] < a[lo]) {
        swap(a, mid, lo);
      }
      if (a[hi] < a[lo]) {
        swap(a, hi, lo);
      }
      if (a[hi] < a[mid]) {
        swap(a, hi, mid);
      }
      float pivot = a[mid];
      int i = lo;
      int j = hi;
      // Hoare partition: afterwards a[lo..j] <= pivot <= a[i..hi], and j < i.
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          swap(a, i, j);
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return; // j < k < i: a[k] equals the pivot and is in place
      }
    }
    for (int x = lo + 1; x <= hi; x++) {
      float v = a[x];
      int y = x - 1;
      while (y >= lo && a[y] > v) {
        a[y + 1] = a[y];
        y--;
      }
      a[y + 1] = v;
    }
  }

  private static void swap(float[] a, int i, int j) {
    float t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
