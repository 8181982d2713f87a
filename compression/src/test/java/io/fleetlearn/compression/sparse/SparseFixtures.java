package io.fleetlearn.compression.sparse;

import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Inputs and sort-based reference answers shared by the sparsification and pruning tests. */
public final class SparseFixtures {
  private SparseFixtures() {}

  /** Value distributions, including the ones that break naive thresholds. */
  public enum Kind {
    GAUSSIAN,
    ALL_EQUAL,
    FEW_DISTINCT,
    MOSTLY_ZERO,
    ALL_ZERO,
    OUTLIERS,
    ASCENDING,
    SUBNORMAL
  }

  /** {@code n} values of the given kind, reproducible from {@code seed}. */
  public static float[] values(Kind kind, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] =
          switch (kind) {
            case GAUSSIAN -> (float) gaussian(r);
            case ALL_EQUAL -> -0.25f;
            case FEW_DISTINCT -> (r.nextInt(5) - 2) * 0.5f;
            case MOSTLY_ZERO ->
                r.nextInt(100) == 0 ? (float) gaussian(r) : (r.nextBoolean() ? 0f : -0f);
            case ALL_ZERO -> 0f;
            case OUTLIERS ->
                r.nextInt(1000) == 0 ? 1e30f * (r.nextBoolean() ? 1 : -1) : (float) gaussian(r);
            case ASCENDING -> i * 1e-3f;
            case SUBNORMAL -> Float.MIN_VALUE * r.nextInt(1000);
          };
    }
    return a;
  }

  static double gaussian(SplittableRandom r) {
    return r.nextGaussian();
  }

  /** Indices of the k largest |x| (NaN first), ties lower index first, ascending: by sorting. */
  public static int[] referenceTop(float[] a, int k) {
    return topOf(referenceOrder(a), k);
  }

  /** All indices by decreasing |x| (NaN first), ties lower index first. */
  public static int[] referenceOrder(float[] a) {
    Integer[] idx = IntStream.range(0, a.length).boxed().toArray(Integer[]::new);
    Comparator<Integer> byMagnitudeDesc = (x, y) -> Float.compare(Math.abs(a[y]), Math.abs(a[x]));
    Arrays.sort(idx, byMagnitudeDesc.thenComparingInt(i -> i));
    return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
  }

  /** The first k of a {@link #referenceOrder}, ascending. */
  public static int[] topOf(int[] order, int k) {
    int[] top = Arrays.copyOf(order, Math.max(0, Math.min(k, order.length)));
    Arrays.sort(top);
    return top;
  }

  /** A model of tensors with these sizes holding consecutive slices of {@code flat}. */
  public static Model model(float[] flat, int... sizes) {
    Tensor[] ts = new Tensor[sizes.length];
    int off = 0;
    for (int i = 0; i < sizes.length; i++) {
      ts[i] = Tensor.of("t" + i, Shape.of(sizes[i]), Arrays.copyOfRange(flat, off, off + sizes[i]));
      off += sizes[i];
    }
    return Model.of(ts);
  }

  /** The selection of one tensor as indices, null meaning all of them. */
  public static int[] orAll(int[] sel, int size) {
    return sel == null ? IntStream.range(0, size).toArray() : sel;
  }

  public static boolean strictlyAscending(int[] idx, int size) {
    for (int i = 0; i < idx.length; i++) {
      if (idx[i] < 0 || idx[i] >= size || (i > 0 && idx[i] <= idx[i - 1])) {
        return false;
      }
    }
    return true;
  }

  /** True when every kept |x| is at least every dropped |x|. */
  public static boolean keepsLargest(float[] a, int[] kept) {
    if (kept.length == 0) {
      return true;
    }
    boolean[] in = new boolean[a.length];
    float minKept = Float.NaN; // the largest in Float.compare order
    for (int i : kept) {
      in[i] = true;
      if (Float.compare(Math.abs(a[i]), minKept) < 0) {
        minKept = Math.abs(a[i]);
      }
    }
    for (int i = 0; i < a.length; i++) {
      if (!in[i] && Float.compare(Math.abs(a[i]), minKept) > 0) {
        return false;
      }
    }
    return true;
  }
}
