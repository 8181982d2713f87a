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
  public int[][] randomK() {
    return randomK.select(update, rng);
  }
}
