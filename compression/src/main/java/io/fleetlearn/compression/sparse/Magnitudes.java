package io.fleetlearn.compression.sparse;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Selection of the largest magnitudes, shared by the top-k sparsifiers and magnitude pruning.
 *
 * <p>Magnitudes are ranked by their <em>key</em>, the float bits without the sign: for |x| that are
 * not NaN, key order is magnitude order, and -0.0 equals +0.0. NaN keys lie above +∞, so a NaN
 * ranks first: a NaN in an update is a bug upstream, and sending it surfaces it instead of hiding
 * it in a residual. Equal keys are broken by position, lower first, where a model's positions run
 * through its tensors in order.
 *
 * <p>Exact selection is a radix select on the keys: one pass builds a histogram of the top 11 key
 * bits, which fixes the bucket holding the k-th largest; a second pass collects every element at or
 * above that bucket (k plus one bucket); two more 10-bit histograms over those candidates pin the
 * exact k-th key. Cost: two passes over the input plus O(candidates), whatever the values; memory:
 * the candidates (at most the input, when all keys share one bucket).
 */
final class Magnitudes {
  private static final int[] NONE = new int[0];

  /** Inputs smaller than this are selected exactly: sampling would not pay for itself. */
  static final int MIN_SAMPLED = 1 << 15;

  /** Sample size of the approximate threshold. */
  static final int SAMPLE = 4096;

  private Magnitudes() {}

  /** The rank key of a value: its bits without the sign. */
  static int key(float v) {
    return Float.floatToRawIntBits(v) & 0x7FFF_FFFF;
  }

  /**
   * The elements to rank, as one sequence of positions {@code [0, total)} over consecutive runs of
   * arrays: one run for a tensor, one per tensor for a whole model.
   */
  record Runs(float[][] arrays, int[] offsets, int[] lengths, int[] starts, int total) {
    static Runs of(float[] a, int off, int len) {
      if (off < 0 || len < 0 || (long) off + len > a.length) {
        throw new IndexOutOfBoundsException(
            "range [" + off + ", " + off + "+" + len + ") is outside an array of " + a.length);
      }
      return new Runs(new float[][] {a}, new int[] {off}, new int[] {len}, new int[] {0}, len);
    }

    static Runs of(Tensor t) {
      return of(t.array(), t.offset(), t.size());
    }

    static Runs of(Model m) {
      List<Tensor> ts = m.tensors();
      if (m.parameterCount() > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "global selection over "
                + m.parameterCount()
                + " parameters: more than one array can index");
      }
      int n = ts.size();
      float[][] arrays = new float[n][];
      int[] offsets = new int[n];
      int[] lengths = new int[n];
      int[] starts = new int[n];
      int total = 0;
      for (int i = 0; i < n; i++) {
        Tensor t = ts.get(i);
        arrays[i] = t.array();
        offsets[i] = t.offset();
        lengths[i] = t.size();
        starts[i] = total;
        total += t.size();
      }
      return new Runs(arrays, offsets, lengths, starts, total);
    }

    int count() {
      return arrays.length;
    }

    /** The key at position {@code p}. */
    int keyAt(int p) {
      int r = Arrays.binarySearch(starts, p);
      if (r < 0) {
        r = -r - 2;
      }
      // Empty runs share a start with the next one; the element is in the last of them.
      while (r + 1 < starts.length && starts[r + 1] == p) {
        r++;
      }
      return key(arrays[r][offsets[r] + p - starts[r]]);
    }
  }

  /**
   * The positions of the {@code k} largest magnitudes, split per run, each ascending and relative
   * to its run.
   */
  static int[][] exactTop(Runs runs, int k) {
    int n = runs.total();
    if (k <= 0) {
      return split(runs, NONE, 0);
    }
    if (k >= n) {
      return all(runs);
    }
    Candidates c = candidates(runs, k);
    return trim(runs, c.pos, c.keys, c.pos.length, k);
  }

  /** The key of the k-th largest magnitude, {@code 1 <= k <= total}. */
  static int kthKey(Runs runs, int k) {
    int n = runs.total();
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("k (" + k + ") must be in [1, " + n + "]");
    }
    Candidates c = candidates(runs, k);
    return (int) (cut(c.keys, c.keys.length, k) >>> 32);
  }

  /** Positions and keys of every element at or above the 11-bit bucket of the k-th largest. */
  private record Candidates(int[] pos, int[] keys) {}

  private static Candidates candidates(Runs runs, int k) {
    int[] hist = new int[1 << 11];
    for (int r = 0; r < runs.count(); r++) {
      float[] a = runs.arrays()[r];
      int off = runs.offsets()[r];
      int end = off + runs.lengths()[r];
      for (int i = off; i < end; i++) {
        hist[key(a[i]) >>> 20]++;
      }
    }
    int b = hist.length - 1;
    int above = 0;
    while (above + hist[b] < k) {
      above += hist[b];
      b--;
    }
    int m = above + hist[b];
    int[] pos = new int[m];
    int[] keys = new int[m];
    collect(runs, b << 20, pos, keys, m);
    return new Candidates(pos, keys);
  }

  /**
   * At least {@code k} and at most {@code k + k / 10} of the largest magnitudes, per run as in
   * {@link #exactTop}: a threshold estimated from a sample of {@link #SAMPLE} keys, set low enough
   * that it keeps fewer than k elements only about once in 30,000 calls (then, or when it keeps
   * more than about twice its estimate, the answer is {@link #exactTop}); a surplus over the bound
   * is cut with an exact select over the kept candidates only. Cost: one pass plus the sample.
   */
  static int[][] approxTop(Runs runs, int k, RandomGenerator rng) {
    int n = runs.total();
    if (k <= 0 || k >= n || n < MIN_SAMPLED) {
      return exactTop(runs, k);
    }
    int[] sample = new int[SAMPLE];
    for (int j = 0; j < SAMPLE; j++) {
      sample[j] = runs.keyAt(rng.nextInt(n));
    }
    // The count of sample keys above the population's k-th largest is about Binomial(SAMPLE,
    // k/n), with mean e and sd sqrt(e). Taking the r-th largest sample key with r - 4 sqrt(r) = e
    // puts the threshold below the k-th largest unless the sample is 4 sd off.
    double e = (double) k * SAMPLE / n;
    double root = (4 + Math.sqrt(16 + 4 * e)) / 2;
    int r = (int) Math.ceil(root * root);
    if (r >= SAMPLE) {
      return exactTop(runs, k);
    }
    int threshold = (int) (cut(sample, SAMPLE, r) >>> 32);
    int cap = (int) Math.min(n, 2L * r * n / SAMPLE + 1024);
    int[] pos = new int[cap];
    int[] keys = new int[cap];
    int m = collect(runs, threshold, pos, keys, cap);
    if (m < k) {
      // Too few (unlucky sample) or too many (ties or a sample far off): exact is still linear.
      return exactTop(runs, k);
    }
    if (m <= k + k / 10) {
      return split(runs, pos, m);
    }
    return trim(runs, pos, keys, m, k);
  }

  /**
   * Collects, in position order, up to {@code cap} elements whose key is at least {@code lo};
   * returns how many, or -1 if there are more than {@code cap}.
   */
  private static int collect(Runs runs, int lo, int[] pos, int[] keys, int cap) {
    int m = 0;
    for (int r = 0; r < runs.count(); r++) {
      float[] a = runs.arrays()[r];
      int off = runs.offsets()[r];
      int len = runs.lengths()[r];
      int base = runs.starts()[r] - off;
      for (int i = off; i < off + len; i++) {
        int kk = key(a[i]);
        if (kk >= lo) {
          if (m == cap) {
            return -1;
          }
          pos[m] = base + i;
          keys[m] = kk;
          m++;
        }
      }
    }
    return m;
  }

  /** Keeps the {@code k} largest of {@code m} candidates in position order, split per run. */
  private static int[][] trim(Runs runs, int[] pos, int[] keys, int m, int k) {
    long c = cut(keys, m, k);
    int t = (int) (c >>> 32);
    int ties = (int) c;
    int w = 0;
    for (int i = 0; i < m; i++) {
      int kk = keys[i];
      if (kk > t || (kk == t && ties-- > 0)) {
        pos[w++] = pos[i];
      }
    }
    return split(runs, pos, w);
  }

  /**
   * Radix select of the k-th largest of {@code keys[0, len)}, {@code 1 <= k <= len}: returns the
   * key {@code t} in the high half and, in the low half, how many elements equal to {@code t} make
   * up k together with all the elements above {@code t}. Three histogram passes (11, 10, 10 bits).
   */
  static long cut(int[] keys, int len, int k) {
    int prefix = 0;
    int mask = 0;
    int need = k;
    int[] hist = new int[1 << 11];
    for (int shift = 20; shift >= 0; shift -= 10) {
      int bits = shift == 20 ? 11 : 10;
      int digit = (1 << bits) - 1;
      Arrays.fill(hist, 0);
      for (int i = 0; i < len; i++) {
        int kk = keys[i];
        if ((kk & mask) == prefix) {
          hist[(kk >>> shift) & digit]++;
        }
      }
      int b = digit;
      while (hist[b] < need) {
        need -= hist[b];
        b--;
      }
      prefix |= b << shift;
      mask |= digit << shift;
    }
    return ((long) prefix << 32) | need;
  }

  /** Splits ascending positions {@code pos[0, m)} per run, relative to each run's start. */
  static int[][] split(Runs runs, int[] pos, int m) {
    int[][] out = new int[runs.count()][];
    int i = 0;
    for (int r = 0; r < runs.count(); r++) {
      int start = runs.starts()[r];
      int end = start + runs.lengths()[r];
      int j = i;
      while (j < m && pos[j] < end) {
        j++;
      }
      int[] idx = new int[j - i];
      for (int q = i; q < j; q++) {
        idx[q - i] = pos[q] - start;
      }
      out[r] = idx;
      i = j;
    }
    return out;
  }

  private static int[][] all(Runs runs) {
    int[][] out = new int[runs.count()][];
    for (int r = 0; r < runs.count(); r++) {
      int[] idx = new int[runs.lengths()[r]];
      Arrays.setAll(idx, q -> q);
      out[r] = idx;
    }
    return out;
  }

  /** Replaces a selection that keeps a whole tensor with null: the pipeline then sends it dense. */
  static int[][] denseWhereFull(Model m, int[][] sel) {
    for (int i = 0; i < sel.length; i++) {
      if (sel[i] != null && sel[i].length == m.tensor(i).size()) {
        sel[i] = null;
      }
    }
    return sel;
  }
}
