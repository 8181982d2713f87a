package io.fleetlearn.compression.bench;

import io.fleetlearn.compression.sparse.ApproxTopK;
import io.fleetlearn.compression.sparse.RandomK;
import io.fleetlearn.compression.sparse.Scope;
import io.fleetlearn.compression.sparse.Sparsifier;
import io.fleetlearn.compression.sparse.TopK;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Ratio;
import io.fleetlearn.compression.tensor.Shape;
import io.fleetlearn.compression.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Index selection on a 1M-parameter Gaussian update at 1%: exact top-k (radix select) against the
 * sampled-threshold top-k and random-k. The figure of interest is {@code topK / approxTopK}.
 *
 * <p>{@code quickselectTopK} is a bench-only baseline: exact top-k by copying the magnitudes and
 * running a Hoare quickselect, the textbook alternative to the radix select {@link TopK} uses. It
 * shows how much of the approximate method's advantage is the threshold and how much is the exact
 * method's implementation.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SparsifyBench {
  private Model update;
  private final SplittableRandom rng = new SplittableRandom(1);
  private final Sparsifier topK = new TopK(Ratio.parse("1%"), Scope.PER_TENSOR);
  private final Sparsifier approxTopK = new ApproxTopK(Ratio.parse("1%"), Scope.PER_TENSOR);
  private final Sparsifier randomK = new RandomK(Ratio.parse("1%"));

  @Setup
  public void setUp() {
    SplittableRandom r = new SplittableRandom(42);
    float[] a = new float[1_000_000];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextGaussian();
    }
    update = Model.of(Tensor.of("w", Shape.of(1000, 1000), a));
  }

  @Benchmark
  public int[][] topK() {
    return topK.select(update, rng);
  }

  @Benchmark
  public int[][] approxTopK() {
    return approxTopK.select(update, rng);
  }

  @Benchmark
  public int[] quickselectTopK() {
    Tensor t = update.tensor(0);
    return quickselectIndices(t.array(), t.size(), Ratio.parse("1%").ceilOf(t.size()));
  }

  /** Indices of the k largest |x|, ascending, ties to the lower index (no NaN handling). */
  static int[] quickselectIndices(float[] a, int n, int k) {
    float[] m = new float[n];
    for (int i = 0; i < n; i++) {
      m[i] = Math.abs(a[i]);
    }
    // The k-th largest is the element of rank n - k in ascending order.
    int target = n - k;
    int lo = 0;
    int hi = n - 1;
    SplittableRandom pivots = new SplittableRandom(7);
    while (lo < hi) {
      float p = m[lo + pivots.nextInt(hi - lo + 1)];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (m[i] < p) {
          i++;
        }
        while (m[j] > p) {
          j--;
        }
        if (i <= j) {
          float x = m[i];
          m[i] = m[j];
          m[j] = x;
          i++;
          j--;
        }
      }
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        break;
      }
    }
    float kth = m[target];
    int above = 0;
    for (int i = 0; i < n; i++) {
      above += Math.abs(a[i]) > kth ? 1 : 0;
    }
    int ties = k - above;
    int[] out = new int[k];
    int w = 0;
    for (int i = 0; i < n; i++) {
      float v = Math.abs(a[i]);
      if (v > kth || (v == kth && ties-- > 0)) {
        out[w++] = i;
      }
    }
    return out;
  }

  @Benchmark
  public int[][] randomK() {
    return randomK.select(update, rng);
  }
}
